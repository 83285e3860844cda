"""The password hasher: Argon2id with the parameters OWASP recommends for a web sign-in.

Django's own Argon2 parameters (time 2, memory 100 MiB, 8 lanes) cost about 210 ms of CPU per
sign-in on a 2-core server: 300 candidates signing in within a minute of a deadline would spend a
whole core for a minute on hashing alone (docs/benchmarks.md, request-cost). OWASP's Password Storage
Cheat Sheet lists Argon2id with 19 MiB, 2 iterations and 1 lane as its first configuration: about
20 ms. Memory cost is what makes guessing expensive on a GPU, and 19 MiB per guess keeps that
property; allauth's rate limits (per address and per account) bound online guessing.

A stored hash with other parameters still verifies and is re-hashed with these at the next sign-in
(Django's `must_update`).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher as DjangoArgon2PasswordHasher


class Argon2PasswordHasher(DjangoArgon2PasswordHasher):
    # Same algorithm name ("argon2"): hashes of either class verify with the other.
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
