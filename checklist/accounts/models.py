from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A team that owns assessments: a ministry, a national human rights institution, a UNHCR
    office. Its admins see and manage all of its assessments and set its policy."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    require_two_factor = models.BooleanField(
        _("require two-factor sign-in"),
        default=False,
        help_text=_("Everyone in the organisation must set up a second factor to sign in."),
    )
    sso_email_domain = models.CharField(
        _("single sign-on e-mail domain"),
        max_length=253,
        blank=True,
        help_text=_(
            "People who first sign in through single sign-on with an address at this domain "
            "(e.g. knchr.org) become members. Leave empty to add people only by invitation."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class OrganisationRole(models.TextChoices):
    ADMIN = "admin", _("Admin")
    MEMBER = "member", _("Member")


class OrganisationMembership(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=10, choices=OrganisationRole.choices)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["organisation", "user__username"]
        verbose_name = _("organisation membership")
        verbose_name_plural = _("organisation memberships")
        constraints = [
            # Also the index for "is this user in (or an admin of) this organisation?".
            models.UniqueConstraint(
                fields=["organisation", "user"], name="organisation_membership_unique_user"
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(user)s – %(role)s of %(organisation)s") % {
            "user": self.user,
            "role": self.get_role_display(),
            "organisation": self.organisation,
        }

    @property
    def is_admin(self) -> bool:
        return self.role == OrganisationRole.ADMIN


INVITATION_DAYS = 14


class InvitationQuerySet(models.QuerySet):
    def pending(self) -> "InvitationQuerySet":
        return self.filter(accepted_at=None, revoked_at=None, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An invitation sent to an address; the link carries a token of which only the SHA-256
    is stored, so the table alone lets nobody accept. Single use, expiring, revocable.

    Abstract: each kind (into an assessment, into an organisation) has its own table.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")

    email = models.EmailField(_("e-mail"), help_text=_("Matched without regard to case."))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def state(self) -> str:
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.revoked_at:
            return self.State.REVOKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.PENDING

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.PENDING


class OrganisationInvitation(Invitation):
    """An address invited into an organisation; accepting it makes the membership."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=10, choices=OrganisationRole.choices)

    class Meta(Invitation.Meta):
        verbose_name = _("organisation invitation")
        verbose_name_plural = _("organisation invitations")
        indexes = [
            # Serves the pending invitations listed on the organisation's page.
            models.Index(
                fields=["organisation", "accepted_at", "revoked_at"],
                name="organisation_invitation_open",
            )
        ]

    def __str__(self) -> str:
        return gettext("Invitation of %(email)s to %(organisation)s") % {
            "email": self.email,
            "organisation": self.organisation,
        }


class Preferences(models.Model):
    """What a person chose for themselves, used for their pages and for their e-mails."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences"
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        help_text=_("Empty: the language your browser asks for."),
    )
    reminders = models.BooleanField(
        _("e-mail reminders"),
        default=True,
        help_text=_("A digest of the actions you lead or own that fall due soon or are overdue."),
    )

    class Meta:
        verbose_name = _("preferences")
        verbose_name_plural = _("preferences")

    def __str__(self) -> str:
        return f"Preferences of {self.user}"

    @classmethod
    def of(cls, user) -> "Preferences":
        """The person's preferences, or the defaults (unsaved) when they never chose."""
        return cls.objects.filter(user=user).first() or cls(user=user)
