from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "checklist.followup"
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        # Assessments may not import this app: it tells it what happens through signals.
        from checklist.assessments import signals
        from checklist.followup import demo, selectors, services

        signals.row_badges.connect(selectors.action_badges, dispatch_uid="followup-badges")
        signals.round_carried_forward.connect(
            services.carry_actions, dispatch_uid="followup-carry-actions"
        )
        signals.demo_seeded.connect(demo.seed, dispatch_uid="followup-demo")
