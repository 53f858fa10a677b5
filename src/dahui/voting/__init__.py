"""Voting: ballot casting with secrecy, idempotency and receipts."""
