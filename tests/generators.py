"""Shared check of the benchmark generators: the same seed gives the same rows."""

from django.db import transaction


def fingerprints(ctx, generate, fingerprint, seeds) -> list:
    """One fingerprint of the generated rows per seed, each run rolled back."""
    prints = []
    for seed in seeds:
        with transaction.atomic():
            ctx.seed = seed
            generate(ctx)
            prints.append(fingerprint())
            transaction.set_rollback(True)
    return prints
