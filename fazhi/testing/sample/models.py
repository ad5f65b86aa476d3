from django.db import models

from fazhi.core.pii import IdNumberField, MobileField, PersonNameField
from fazhi.core.scoping import RegionScoped


class Matter(RegionScoped):
    class State(models.TextChoices):
        OPEN = "open", "登记"
        ACCEPTED = "accepted", "受理"
        DONE = "done", "办结"

    title = models.CharField(max_length=100)
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN)
    note = models.CharField(max_length=100, blank=True)
    opened_on = models.DateField("登记日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)

    assignable = True  # a legal adviser reads the matters assigned to them (fazhi.core.scoping)

    def __str__(self):
        return self.title


class Person(RegionScoped):
    """A party with personal information (tests of masking and the ledgered full view)."""

    name = PersonNameField("姓名")
    id_number = IdNumberField("身份证号码", blank=True)
    mobile = MobileField("手机号码", blank=True)

    def __str__(self):
        return self.name
