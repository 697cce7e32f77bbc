"""Member tools for staff: finding a member by name, email or IP address ("members who used this IP"), and a
member's page (warnings and their points, suspensions, bans, reports against their posts, recent posts, the
addresses they used) with the forms that act on them.

Open to administrators and to moderators who hold a member tool (warn, suspend or ban) somewhere, with two-factor
authentication (forum.permissions.viewer: staff without it hold no tool). Posts are read through the visibility
querysets for the viewing moderator, so a moderator of one forum learns nothing from another's hidden content."""

import ipaddress

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import F, Lookup, Max, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum import permissions
from forum.http import client_ip
from forum.models import Post

from . import conduct, services
from .bans import ban_for
from .forms import MemberActionForm
from .models import Ban, ModerationLog, Report, SignIn, Warning

MEMBER_TOOLS = ("warn", "suspend", "ban")
RESULTS = 50
# The widest ranges a search may ask for (a /8 would list half a country's members).
NARROWEST_PREFIX = {4: 16, 6: 48}


def may_use_member_tools(user):
    if not user.is_authenticated:
        return False
    perms = permissions.viewer(user)
    return perms.is_admin or any(perms.may_anywhere(tool) for tool in MEMBER_TOOLS)


def _require_member_tools(request):
    if not may_use_member_tools(request.user):
        raise PermissionDenied


def parse_ip(text):
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def parse_network(text):
    """-> (network as "a.b.c.0/24" or None, error message or None) for a query such as 203.0.113.0/24."""
    try:
        network = ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None, None
    widest = NARROWEST_PREFIX[network.version]
    if network.prefixlen < widest:
        return None, _("That range is too wide: search at most a /%(prefix)s of IPv%(version)s addresses.") % {
            "prefix": widest, "version": network.version}
    return str(network), None


class WithinNetwork(Lookup):
    """`address <<= 'network'::inet`: the address lies in the network (PostgreSQL's inet operator; the address
    columns are inet, and their b-tree indexes serve it)."""

    lookup_name = "within_network"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} <<= ({rhs})::inet", (*lhs_params, *rhs_params)


# Where addresses come from -----------------------------------------------------------------------------------------
def _address_sources(viewer, member_id=None, ip=None, network=None):
    """[(source label, rows of (member id, ip, last time))] from sign-ins, the posts the viewer may see and the
    moderation log, for one member, one address or one range of addresses."""

    def where(member_field):
        if member_id is not None:
            return Q(**{member_field: member_id})
        if network is not None:
            return Q(WithinNetwork(F("ip_address"), network))
        return Q(ip_address=ip)

    return [
        (_("sign-in"), SignIn.objects.filter(where("member_id")).values_list("member_id", "ip_address", "last_at")),
        (_("post"), Post.objects.visible_to(viewer, with_deleted=True)
         .filter(where("author_id"), author__isnull=False, ip_address__isnull=False)
         .values("author_id", "ip_address").annotate(last=Max("created_at"))
         .values_list("author_id", "ip_address", "last")),
        (_("moderation log"), ModerationLog.objects
         .filter(where("actor_id"), actor__isnull=False, ip_address__isnull=False)
         .values("actor_id", "ip_address").annotate(last=Max("created_at"))
         .values_list("actor_id", "ip_address", "last")),
    ]


def _merge(viewer, by, **where):
    """{member id (by="member") or ip: {"sources": [...], "last": time}} over every source."""
    found = {}
    for label, rows in _address_sources(viewer, **where):
        for member_id, ip, last in rows:
            entry = found.setdefault(member_id if by == "member" else ip, {"sources": [], "last": last})
            if label not in entry["sources"]:
                entry["sources"].append(label)
            entry["last"] = max(entry["last"], last)
    return found


def members_by_ip(viewer, ip=None, network=None):
    """[(member, sources, last used)] for everyone who used `ip` (or an address in `network`), most recent first."""
    found = _merge(viewer, "member", ip=ip, network=network)
    members = get_user_model().objects.select_related("primary_group").in_bulk(list(found))
    rows = [(members[pk], entry["sources"], entry["last"]) for pk, entry in found.items() if pk in members]
    return sorted(rows, key=lambda row: row[2], reverse=True)[:RESULTS]


def addresses_of(viewer, member):
    """[(ip, sources, last used)] for the addresses `member` used, most recent first."""
    found = _merge(viewer, "ip", member_id=member.pk)
    return sorted(((ip, e["sources"], e["last"]) for ip, e in found.items()), key=lambda row: row[2],
                  reverse=True)[:RESULTS]


def search_members(viewer, query):
    """-> (kind, rows, error): by IP address or range (CIDR) when the query is one, else by name or email (part of
    either)."""
    query = query.strip()[:150]
    if not query:
        return None, [], None
    ip = parse_ip(query)
    if ip:
        return "ip", members_by_ip(viewer, ip), None
    if "/" in query:
        network, error = parse_network(query)
        if error:
            return None, [], error
        if network:
            return "range", members_by_ip(viewer, network=network), None
    users = get_user_model().objects.select_related("primary_group")
    if "@" in query:
        from allauth.account.models import EmailAddress

        other_addresses = EmailAddress.objects.filter(email__icontains=query).values("user_id")
        users = users.filter(Q(email__icontains=query) | Q(pk__in=other_addresses))
    else:
        users = users.filter(Q(username__icontains=query) | Q(display_name__icontains=query))
    return "member", [(user, [], user.last_seen) for user in users.order_by("username")[:RESULTS]], None


# Pages -------------------------------------------------------------------------------------------------------------
def search(request):
    _require_member_tools(request)
    query = request.GET.get("q", "")
    kind, rows, error = search_members(request.user, query)
    return render(request, "moderation/member_search.html", {
        "query": query, "kind": kind, "rows": rows, "error": error, "by_address": kind in ("ip", "range"),
        "ip": (kind == "ip" and parse_ip(query)) or (kind == "range" and parse_network(query)[0]),
    }, status=400 if error else 200)


def _history(member, actions):
    return list(ModerationLog.objects.filter(target_type=member._meta.model_name, target_id=member.pk,
                                             action__in=actions).order_by("-created_at", "-pk")[:50])


def member_page(request, pk):
    _require_member_tools(request)
    member = get_object_or_404(get_user_model().objects.select_related("primary_group"), pk=pk)
    perms = permissions.viewer(request.user)
    is_admin = perms.is_admin
    form = MemberActionForm(request.POST or None)
    if request.method == "POST":
        response = _act(request, member, form, perms, is_admin)
        if response is not None:
            return response
    now = timezone.now()
    warnings = list(Warning.objects.filter(member=member).select_related("by", "withdrawn_by")
                    .order_by("-created_at")[:100])
    visible_posts = Post.objects.visible_to(request.user, with_deleted=True)
    return render(request, "moderation/member.html", {
        "member": member, "form": form, "ban": ban_for(user=member), "is_admin": is_admin, "now": now,
        "warnings": warnings, "points": conduct.active_points(member, now),
        "may_withdraw": services.may_act_on_member(request.user, member, "warn"),
        "threshold": conduct.suspension_threshold(),
        "suspensions": _history(member, ("member_suspend", "member_unsuspend")),
        "bans": Ban.objects.filter(kind=Ban.Kind.MEMBER, member=member).select_related("created_by"),
        "ban_history": _history(member, ("member_ban", "member_unban")),
        "reports": list(Report.objects.filter(post__author=member, post__in=visible_posts)
                        .select_related("post__topic", "reporter").order_by("-created_at")[:50]),
        "posts": list(Post.objects.visible_to(request.user).filter(author=member)
                      .select_related("topic").order_by("-created_at")[:20]),
        "addresses": addresses_of(request.user, member),
    }, status=400 if form.errors else 200)


@require_POST
def withdraw_warning(request, pk):
    """Withdraw one warning (the form beside it on the member's page); the service checks the actor itself."""
    _require_member_tools(request)
    warning = get_object_or_404(Warning, pk=pk)
    try:
        conduct.withdraw_warning(warning, request.user, client_ip(request))
    except services.ModerationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The warning was withdrawn: its points no longer count."))
    return redirect("moderation:member", pk=warning.member_id)


def _act(request, member, form, perms, is_admin):
    action = request.POST.get("action")
    if action == "group" and not is_admin:
        raise PermissionDenied
    if action in services.MEMBER_TOOL and not perms.may_anywhere(services.MEMBER_TOOL[action]):
        raise PermissionDenied
    if member.is_board_admin and not is_admin:
        raise PermissionDenied
    if not form.is_valid():
        return None
    data, ip, actor = form.cleaned_data, client_ip(request), request.user
    try:
        if action == "warn":
            conduct.warn_member(member, actor, data["reason"], ip, points=data["points"] or 1,
                                expires_days=data["expires_days"])
        elif action == "suspend":
            services.suspend_member(member, actor, data["until"], data["reason"], ip)
        elif action == "unsuspend":
            services.lift_suspension(member, actor, ip)
        elif action == "ban":
            services.ban_member(member, actor, data["reason"], data["until"], ip)
        elif action == "unban":
            services.lift_ban(member, actor, ip)
        elif action == "group":
            services.set_member_group(member, data["group"], actor, ip)
    except services.ModerationError as error:
        form.add_error(None, str(error))
        return None
    messages.success(request, _("Done."))
    return redirect("moderation:member", pk=member.pk)
