"""A session opened with a delegate credential (badge QR or access code) is a delegate's only.

A presidium member or any other staff member is often a delegate too, and then their badge
and their staff account are one user. The badge is printed and worn: anyone who photographs
it holds it, so it must not carry staff powers. Logging in with it records this backend in
the session; each request then loads the user through `get_user` below, which marks the
user as `delegate_only`, with no staff or superuser flag and no permissions. The access
gates (`congress.access.roles_of`) give such a user only the delegate role. The staff
password login (Django's ModelBackend) gives the full account.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

PATH = "dahui.congress.auth_backends.DelegateCredentialBackend"


class DelegateCredentialBackend(ModelBackend):
    """Loads sessions opened by a credential; never authenticates a password."""

    def authenticate(self, request, **credentials):
        return None

    def get_user(self, user_id):
        user = super().get_user(user_id)
        if user is not None:
            user.delegate_only = True
            user.is_staff = False
            user.is_superuser = False
        return user

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False


def is_delegate_only(user) -> bool:
    return bool(getattr(user, "delegate_only", False))
