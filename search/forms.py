from datetime import datetime, time, timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum import permissions
from forum.models import Forum

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"), max_length=MAX_QUERY_LENGTH, required=False,
        error_messages={"max_length": _("Please shorten your search to %(limit_value)d characters or fewer "
                                        "(it has %(show_value)d).")},
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "enterkeyhint": "search"}))
    forum = forms.TypedChoiceField(label=_("Forum"), coerce=int, required=False, empty_value=None)
    author = forms.CharField(label=_("Author"), max_length=150, required=False,
                             widget=forms.TextInput(attrs={"autocomplete": "off"}))
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    topics_only = forms.BooleanField(label=_("Topics only (titles and first posts)"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False,
                             choices=[("relevance", _("Relevance")), ("newest", _("Newest first"))])

    def __init__(self, data, viewer):
        super().__init__(data)
        self.viewer = viewer
        # The forums the viewer may see, as the board index lists them.
        forums = [f for f in Forum.objects.select_related("category").order_by("category__order", "order", "pk")
                  if permissions.can_view_forum(viewer, f)]
        self.fields["forum"].choices = [("", _("Any forum"))] + [(f.pk, f.name) for f in forums]

    def clean_author(self):
        """The members whose username or display name this is (display names need not be unique)."""
        name = self.cleaned_data["author"].strip()
        if not name:
            return None
        authors = list(get_user_model().objects.filter(Q(username__iexact=name) | Q(display_name__iexact=name))
                       .values_list("pk", flat=True)[:20])
        if not authors:
            raise forms.ValidationError(_("No member is called “%(name)s”."), params={"name": name})
        return authors

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return data

    def date_bounds(self):
        """The date range as aware datetimes: from the start of `since` to the end of `until`."""
        zone = timezone.get_current_timezone()
        since, until = self.cleaned_data.get("since"), self.cleaned_data.get("until")
        return (datetime.combine(since, time.min, zone) if since else None,
                datetime.combine(until + timedelta(days=1), time.min, zone) if until else None)
