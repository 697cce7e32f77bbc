from django.contrib import admin

from .models import Recommendation


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["post", "topic", "recommended_by", "created_at"]
    list_select_related = ["post__topic", "topic", "recommended_by"]
    raw_id_fields = ["post", "topic", "recommended_by"]
    readonly_fields = ["topic", "created_at"]

    def has_add_permission(self, request):
        return False  # moderators recommend from the topic page, which fills in the topic
