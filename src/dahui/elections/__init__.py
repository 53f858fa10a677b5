"""Elections: elections, candidates, polls, tallies, results (services over dahui.rules)."""
