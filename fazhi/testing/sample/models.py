from django.db import models

from fazhi.core.scoping import RegionScoped


class Matter(RegionScoped):
    class State(models.TextChoices):
        OPEN = "open", "登记"
        ACCEPTED = "accepted", "受理"
        DONE = "done", "办结"

    title = models.CharField(max_length=100)
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN)
    note = models.CharField(max_length=100, blank=True)

    def __str__(self):
        return self.title
