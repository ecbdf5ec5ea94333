"""Staff pages of a budgets component (the administration helper fills these in)."""

urlpatterns: list = []
