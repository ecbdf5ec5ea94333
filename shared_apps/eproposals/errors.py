"""The one exception e-proposal actions raise for a refusal the resident must read."""


class EProposalRefused(Exception):
    """An action was refused; `str(error)` says why, in the active language."""
