"""Resident pages of a budgets component (the voting helper fills these in)."""

urlpatterns: list = []
