"""Refusals of the unions' services, in the reader's language; views answer them with a 400."""


class Refused(ValueError):
    """An action the rules or the election's stage do not allow; nothing was stored."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)
