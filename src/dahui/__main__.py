import sys

from dahui.cli import main

sys.exit(main())
