"""GTIS: an open platform for a market-oriented green technology innovation system."""
