from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from forum.models import Post
from forum.queries import embed_cards

from . import services
from .forms import DeleteAccountForm, ProfileForm
from .models import TermsDocument, User

RECENT_POSTS = 10


def terms(request):
    return render(request, "accounts/terms.html", {"terms": TermsDocument.current()})


def profile(request, pk, slug=None):
    member = get_object_or_404(User.objects.select_related("primary_group"), pk=pk, is_active=True)
    if slug != member.slug:
        return redirect(member, permanent=True)
    # Published posts the viewer may see (the one visibility rule): nothing of a forum, topic or recycle bin that is
    # closed to them, not even a count.
    recent = (Post.objects.visible_to(request.user).filter(author=member, state=Post.State.VISIBLE)
              .select_related("topic__forum").order_by("-created_at")[:RECENT_POSTS])
    return render(request, "accounts/profile.html", {
        "member": member,
        "recent_posts": recent,
        "cards": embed_cards(request.user, [member.signature]),
    })


@login_required
def edit_profile(request):
    form = ProfileForm(request.POST or None, request.FILES or None, user=request.user,
                       initial={"display_name": request.user.display_name, "signature": request.user.signature})
    if request.method == "POST":
        if form.is_valid():
            services.update_profile(request.user, form.cleaned_data["display_name"], form.cleaned_data["signature"],
                                    form.cleaned_data["avatar"], form.cleaned_data["remove_avatar"])
            messages.success(request, _("Your profile is saved."))
            return redirect(request.user)
        return render(request, "accounts/edit_profile.html", {"form": form}, status=400)
    return render(request, "accounts/edit_profile.html", {"form": form})


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            user = request.user
            logout(request)
            services.delete_account(user, keep_name=form.cleaned_data["keep_name"])
            messages.success(request, _("Your account has been deleted. Thank you for taking part."))
            return redirect("forum:index")
        return render(request, "accounts/delete_account.html", {"form": form}, status=400)
    return render(request, "accounts/delete_account.html", {"form": form})
