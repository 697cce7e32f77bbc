from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import MemberGroup
from forum.forms import PostContentField, TopicTitleField
from forum.models import Forum, Topic

from .bans import ip_in_range
from .models import TOOLS, Ban, Moderator, Report



class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)


class MessageForm(forms.Form):
    message = forms.CharField(label=_("Reason for the author (optional; shown on the site and emailed)"),
                              required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class MoveForm(forms.Form):
    forum = forms.ModelChoiceField(label=_("Move to"), queryset=Forum.objects.select_related("category")
                                   .order_by("category__order", "order", "pk"))
    leave_pointer = forms.BooleanField(label=_("Leave a “moved” link in the old forum"), required=False,
                                       initial=True)
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)


class MergeForm(forms.Form):
    target = forms.IntegerField(label=_("Merge into topic number"), min_value=1,
                                help_text=_("The number at the start of the other topic's address, after /topic/."))

    def clean_target(self):
        target = Topic.objects.filter(pk=self.cleaned_data["target"], deleted_at__isnull=True,
                                      moved_to__isnull=True).select_related("forum").first()
        if target is None:
            raise forms.ValidationError(_("There is no topic with that number."))
        return target


class SplitForm(forms.Form):
    title = TopicTitleField(label=_("Title of the new topic"),
                            error_messages={"required": _("Please give the new topic a title.")})
    posts = forms.TypedMultipleChoiceField(coerce=int, choices=(), error_messages={
        "required": _("Choose the posts to move into the new topic.")})

    def __init__(self, *args, post_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["posts"].choices = [(pk, pk) for pk in post_ids]


class BulkForm(forms.Form):
    ACTIONS = [("pin", _("Pin")), ("unpin", _("Unpin")), ("lock", _("Lock")), ("unlock", _("Unlock")),
               ("hide", _("Hide")), ("unhide", _("Unhide")), ("delete", _("Delete")), ("move", _("Move"))]
    action = forms.ChoiceField(label=_("With the selected topics"), choices=ACTIONS)
    topics = forms.TypedMultipleChoiceField(coerce=int, choices=(), error_messages={
        "required": _("Select at least one topic.")})
    forum = forms.ModelChoiceField(label=_("Move to"), required=False, queryset=Forum.objects.all())
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)

    def __init__(self, *args, topic_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = [(pk, pk) for pk in topic_ids]

    def clean(self):
        data = super().clean()
        if data.get("action") == "move" and not data.get("forum"):
            self.add_error("forum", _("Choose the forum to move the topics to."))
        return data


class EditPostForm(forms.Form):
    title = TopicTitleField(label=_("Title"), required=False)
    content = PostContentField(widget=forms.Textarea(attrs={"rows": 12}))
    reason = forms.CharField(label=_("Reason for the edit"), max_length=255, required=False)


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["reason", "note"]
        widgets = {"reason": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 4})}


class CloseReportForm(forms.Form):
    resolution = forms.CharField(label=_("What was done"), max_length=255, required=False)


class MemberActionForm(forms.Form):
    ACTIONS = [("warn", _("Warn")), ("suspend", _("Suspend")), ("unsuspend", _("Lift the suspension")),
               ("ban", _("Ban")), ("unban", _("Lift the ban")), ("group", _("Change group"))]
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    reason = forms.CharField(label=_("Reason (the member sees a warning's reason)"), max_length=2000,
                             required=False, widget=forms.Textarea(attrs={"rows": 3}))
    until = forms.DateTimeField(label=_("Until"), required=False,
                                help_text=_("For a suspension (required) or a ban (empty: permanent)."),
                                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    group = forms.ModelChoiceField(label=_("Group"), required=False, queryset=MemberGroup.objects.all())
    points = forms.IntegerField(label=_("Warning points"), required=False, min_value=1, max_value=10, initial=1,
                                help_text=_("For a warning: 1 to 10. Active points add up towards an automatic "
                                            "suspension."))
    expires_days = forms.IntegerField(label=_("Points expire after (days)"), required=False, min_value=1,
                                      max_value=3650, initial=90,
                                      help_text=_("For a warning. Empty: the points never expire."))
    field_order = ["action", "reason", "points", "expires_days", "until", "group"]

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "warn" and not data.get("reason"):
            self.add_error("reason", _("Say why the member is warned."))
        if action == "suspend":
            if not data.get("until"):
                self.add_error("until", _("Say until when the member is suspended."))
            elif data["until"] <= timezone.now():
                self.add_error("until", _("Choose a time in the future."))
        if action == "group" and not data.get("group"):
            self.add_error("group", _("Choose a group."))
        return data


class BanValueForm(forms.ModelForm):
    class Meta:
        model = Ban
        fields = ["kind", "value", "reason", "expires_at"]

    def clean(self):
        data = super().clean()
        kind, value = data.get("kind"), (data.get("value") or "").strip()
        if kind == Ban.Kind.MEMBER:
            self.add_error("kind", _("Ban a member from their moderation page."))
        elif kind == Ban.Kind.IP and not ip_in_range(value.split("/")[0], value):
            self.add_error("value", _("Enter an IP address or a range such as 192.0.2.0/24."))
        elif kind == Ban.Kind.EMAIL and "@" not in value:
            self.add_error("value", _("Enter an email address or *@domain."))
        return data


class ModeratorAdminForm(forms.ModelForm):
    tools = forms.MultipleChoiceField(label=_("Tools"), choices=TOOLS, widget=forms.CheckboxSelectMultiple,
                                      required=False)

    class Meta:
        model = Moderator
        fields = ["group", "user", "all_forums", "forums", "tools"]

    def clean(self):
        data = super().clean()
        if bool(data.get("group")) == bool(data.get("user")):
            raise forms.ValidationError(_("Choose either a member group or a member."))
        return data
