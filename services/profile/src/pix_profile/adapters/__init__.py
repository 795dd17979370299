"""The infrastructure profile's handlers use: the `profiles` read model (profiles.py)."""
