class DomainError(Exception):
    """A rule of the programme refuses a state change.

    The message is French and meant for the person who asked: views turn it
    into a form error or a flash message as it is.
    """
