"""Running dahui on the day: backups, the technician's status page, health and request logs."""
