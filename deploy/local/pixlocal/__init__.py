"""Local platform runner: fetches nothing itself (setup.sh does), starts and stops processes."""
