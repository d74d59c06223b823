"""The console's one table: failed sign-in counts where no Redis is configured."""

from __future__ import annotations

from django.db import models


class SignInCount(models.Model):
    """Sign-in attempts of one account or address (`key`, hashed) in one fixed window (`window`: its start,
    in seconds since the epoch). The embedded default's web processes share it, so an attacker gets
    the same attempts however many processes serve the console (controlplane.console.throttle)."""

    key = models.CharField(max_length=80)
    window = models.BigIntegerField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="console_signin_key_window")]

    def __str__(self) -> str:
        return f"{self.key} @ {self.window}: {self.count}"
