"""What an import keeps: the board it came from, which old id became which new row (the old links' redirects and
the top-up runs read it), and how far each step got (an interrupted run resumes from there)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SourceBoard(models.Model):
    """One Invision Community database imported here. `key` names it without its password (host/database/prefix),
    so running the import again against the same database finds this row and its progress."""

    key = models.CharField(_("source"), max_length=255, unique=True)
    base_url = models.URLField(_("old board address"), max_length=500)
    started_at = models.DateTimeField(_("first import"), default=timezone.now)
    finished_at = models.DateTimeField(_("last finished import"), null=True, blank=True)
    # The last run's problem counts ({"attachments left at the old address": 3, ...}).
    report = models.JSONField(_("last report"), default=dict, blank=True)

    class Meta:
        verbose_name = _("imported board")
        verbose_name_plural = _("imported boards")

    def __str__(self):
        return self.key


class OldId(models.Model):
    """An IPS row and the Agora row it became. `old_slug` is the IPS slug (its links carry it)."""

    class Kind(models.TextChoices):
        GROUP = "group", _("member group")
        MEMBER = "member", _("member")
        CATEGORY = "category", _("category")
        FORUM = "forum", _("forum")
        TOPIC = "topic", _("topic")
        POST = "post", _("post")
        ATTACHMENT = "attachment", _("attachment")
        # Rows kept so that a later run can remove what the old board removed since (and never bring back what a
        # member removed here). A follow's old id is derived from IPS's md5 key (importer.follow_old_id); new id 0
        # is "seen, but the row here is not the import's" (the member already had it).
        REACTION = "reaction", _("reaction")
        RATING = "rating", _("rating")
        FOLLOW = "follow", _("follow")

    board = models.ForeignKey(SourceBoard, verbose_name=_("imported board"), on_delete=models.CASCADE,
                              related_name="ids")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    old_id = models.BigIntegerField(_("old id"))
    new_id = models.BigIntegerField(_("new id"))
    old_slug = models.CharField(_("old slug"), max_length=255, blank=True)
    # One MD5 per group of the source row's imported columns, computed by the source database (importer.TRACKED):
    # a later run updates what changed on the old board since. Empty for kinds that are never updated.
    # GONE once the row was deleted on the old board and that was carried over here (done once: content restored
    # from the recycle bin here stays).
    source_hash = models.CharField(_("source row hash"), max_length=128, blank=True)
    GONE = "gone"

    class Meta:
        verbose_name = _("old id")
        verbose_name_plural = _("old ids")
        # (kind, old_id) first: the old links look rows up by those alone.
        constraints = [models.UniqueConstraint(fields=["kind", "old_id", "board"], name="oldid_one_per_row")]

    def __str__(self):
        return f"{self.kind} {self.old_id} -> {self.new_id}"


class Progress(models.Model):
    """How far one step of the import got: every row of its table up to `last_id` is done (and committed in the
    same transaction as this row), so a run resumes after it and a later run imports only newer rows."""

    board = models.ForeignKey(SourceBoard, verbose_name=_("imported board"), on_delete=models.CASCADE,
                              related_name="progress")
    step = models.CharField(_("step"), max_length=40)
    last_id = models.BigIntegerField(_("last id done"), default=0)
    rows = models.PositiveIntegerField(_("rows imported"), default=0)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("import progress")
        verbose_name_plural = _("import progress")
        constraints = [models.UniqueConstraint(fields=["board", "step"], name="progress_one_per_step")]

    def __str__(self):
        return f"{self.board}: {self.step} up to {self.last_id}"
