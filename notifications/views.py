from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language, gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from forum.http import safe_next
from safety.params import parse_id
from safety.text import isolate

from . import display, emails, services
from .forms import IgnoreForm, PreferencesForm
from .models import IgnoredMember, Kind, Preferences

PER_PAGE = 30


@login_required
def index(request):
    notifications = Paginator(
        services.visible_to(request.user).select_related("actor", "topic", "post__topic"), PER_PAGE,
        allow_empty_first_page=True).get_page(request.GET.get("page"))
    items = [(n, display.describe(n, html=True), display.link(n)) for n in notifications]
    return render(request, "notifications/index.html", {"notifications": notifications, "items": items})


@require_POST
@login_required
def open_notification(request, pk):
    """Mark one notification read and go to what it is about (POST, then the page by GET)."""
    n = get_object_or_404(services.visible_to(request.user).select_related("post__topic", "topic"), pk=pk)
    services.mark_read(request.user, [n.pk])
    return HttpResponseRedirect(display.link(n) or reverse("notifications:index"))


@require_POST
@login_required
def mark_read(request):
    ids = [i for i in map(parse_id, request.POST.getlist("notification")) if i is not None]
    services.mark_read(request.user, ids)
    return redirect("notifications:index")


@require_POST
@login_required
def mark_all_read(request):
    services.mark_all_read(request.user)
    messages.success(request, _("All your notifications are marked read."))
    return redirect("notifications:index")


@login_required
def count(request):
    """The bell's number, for the page to refresh it when it comes back into view."""
    return JsonResponse({"unread": services.unread_count(request.user)},
                        headers={"Cache-Control": "private, no-store"})


@login_required
def preferences(request):
    instance = Preferences.for_member(request.user)
    form = PreferencesForm(request.POST or None, instance=instance)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            saved = form.save(commit=False)
            saved.seen_language = get_language() or ""
            saved.save()
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:settings")
        status = 400
    return render(request, "notifications/settings.html", {
        "form": form, "ignore_form": IgnoreForm(member=request.user),
        "ignored": IgnoredMember.objects.filter(member=request.user).select_related("ignored").order_by("pk"),
    }, status=status)


@require_POST
@login_required
def ignore(request):
    form = IgnoreForm(request.POST, member=request.user)
    if not form.is_valid():
        return render(request, "notifications/settings.html", {
            "form": PreferencesForm(instance=Preferences.for_member(request.user)), "ignore_form": form,
            "ignored": IgnoredMember.objects.filter(member=request.user).select_related("ignored"),
        }, status=400)
    services.ignore(request.user, form.cleaned_data["username"])
    messages.success(request, format_html(
        _("You will not be notified about %(name)s any more.").replace("%(name)s", "{name}"),
        name=isolate(form.cleaned_data["username"].public_name)))
    return _back(request)


@require_POST
@login_required
def unignore(request, pk):
    services.unignore(request.user, get_object_or_404(get_user_model(), pk=pk))
    return _back(request)


def _back(request):
    """Back to the profile the button was on, or to the settings page."""
    return HttpResponseRedirect(safe_next(request, request.POST.get("next"), reverse("notifications:settings")))


@csrf_exempt  # the signed token is the authority: mail clients post here without a session (RFC 8058)
def unsubscribe(request, token):
    """One-click unsubscribe from an email, without signing in. GET asks (and changes nothing); POST does it."""
    found = emails.read_unsubscribe_token(token)
    if found is None:
        raise Http404
    member_id, what = found
    member = get_object_or_404(get_user_model(), pk=member_id)
    label = _("the daily digest") if what == emails.DIGEST else Kind(what).label
    if request.method == "POST":
        if request.POST.get("all"):  # the page's second button; a mail client's one-click POST stops this kind only
            emails.stop_all(member.pk)
            return render(request, "notifications/unsubscribed.html", {"label": label, "done": "all"})
        emails.unsubscribe(member.pk, what)
        return render(request, "notifications/unsubscribed.html", {"label": label, "done": True})
    return render(request, "notifications/unsubscribed.html", {"label": label, "done": False})
