"""Delegates' proposals (代表提案): collection, review, handling and the proposer's verdict."""
