"""Verifiable ballots: exponential ElGamal on ristretto255, zero-knowledge proofs, the
scrutineers' threshold key, the election record and its independent verifier.

Points travel as 32-byte ristretto255 encodings, scalars as Python integers reduced modulo the
group order. Every point that comes from outside is decoded and checked before use
(`group.decode_point`). The record format is described in docs/election-record.md.
"""
