"""Speakers lists (发言): requests from the phones, the order, the floor and the countdown."""
