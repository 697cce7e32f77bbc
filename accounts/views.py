from django.shortcuts import get_object_or_404, redirect, render

from .models import TermsDocument, User


def terms(request):
    return render(request, "accounts/terms.html", {"terms": TermsDocument.current()})


def profile(request, pk, slug=None):
    member = get_object_or_404(User.objects.select_related("primary_group"), pk=pk, is_active=True)
    if slug != member.slug:
        return redirect(member, permanent=True)
    return render(request, "accounts/profile.html", {"member": member})
