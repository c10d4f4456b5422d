"""The first organisation of a fresh deployment, and its admin.

    manage.py create_organisation "Kenya National Commission on Human Rights" \\
        --admin wanjiru --email wanjiru@knchr.org

The admin account is made when it does not exist yet, without a usable password: the command
says how to give it one. An existing account is made the organisation's admin.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from checklist.accounts import services
from checklist.accounts.models import Organisation, OrganisationRole


class Command(BaseCommand):
    help = "Create an organisation with its first admin (making the account if needed)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", help="The organisation's name, e.g. 'UNHCR Kenya'.")
        parser.add_argument("--admin", required=True, help="The admin's username.")
        parser.add_argument("--email", default="", help="The admin's e-mail, for a new account.")

    @transaction.atomic
    def handle(self, *args, name: str, admin: str, email: str, **options) -> None:
        name = name.strip()
        if not name:
            raise CommandError("Give the organisation a name.")
        user, created = self._admin(admin, email)
        organisation = Organisation.objects.filter(name__iexact=name).first()
        if organisation is None:
            organisation = services.create_organisation(name=name, admin=user)
            self.stdout.write(f"Created the organisation “{organisation.name}”.")
        else:
            services.add_to_organisation(organisation=organisation, user=user)
            membership = organisation.memberships.get(user=user)
            services.change_organisation_role(membership=membership, role=OrganisationRole.ADMIN)
            self.stdout.write(f"The organisation “{organisation.name}” exists already.")
        self.stdout.write(f"{user.username} is its admin.")
        if created:
            self.stdout.write(
                f"The account {user.username} has no password yet: set one with "
                f"`manage.py changepassword {user.username}`."
            )

    def _admin(self, username: str, email: str):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is not None:
            return user, False
        if not email:
            raise CommandError(f"No account {username} yet: give its --email to create it.")
        user = User.objects.create_user(username=username, email=email)
        return user, True
