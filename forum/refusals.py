"""The one exception a write service raises when the acting member may not do what was asked.

Services check the permission themselves (under their row locks) and raise a subclass of `Refused` before changing
anything. It is a PermissionDenied, so a view that does not catch it answers with the 403 page; views that can say
more turn it into a message (`str(refusal)` is a sentence for a person).
"""

from django.core.exceptions import PermissionDenied


class Refused(PermissionDenied):
    """The actor may not do this; nothing was changed."""
