from django.urls import path

from . import board_settings_views, dashboard, history, members, notice, review, views

app_name = "moderation"

urlpatterns = [
    path("mod/", dashboard.dashboard, name="dashboard"),
    path("mod/settings/", board_settings_views.board_settings, name="board_settings"),
    path("post/<int:pk>/edit/", views.edit_post, name="edit_post"),
    path("post/<int:pk>/delete/", views.delete_own_post, name="delete_own_post"),
    path("post/<int:pk>/report/", views.report_post, name="report_post"),
    path("reports/mine/", views.my_reports, name="my_reports"),
    path("mod/post/<int:pk>/history/", history.post_history, name="post_history"),
    path("mod/post/<int:pk>/<str:action>/", views.post_action, name="post_action"),
    path("mod/revision/<int:pk>/restore/", views.restore_revision, name="restore_revision"),
    path("mod/topic/<int:pk>/move/", views.move_topic, name="move_topic"),
    path("mod/topic/<int:pk>/merge/", views.merge_topic, name="merge_topic"),
    path("mod/topic/<int:pk>/split/", views.split_topic, name="split_topic"),
    path("mod/topic/<int:pk>/<str:action>/", views.topic_action, name="topic_action"),
    path("mod/forum/<int:pk>/bulk/", views.bulk, name="bulk"),
    path("mod/forum/<int:pk>/permissions/", views.forum_permissions, name="forum_permissions"),
    path("mod/queue/", review.queue, name="queue"),
    path("mod/queue/act/", review.act, name="review_act"),
    path("mod/reports/", views.report_centre, name="reports"),
    path("mod/reports/<int:pk>/close/", views.close_reports, name="close_reports"),
    path("mod/log/", history.moderation_log, name="log"),
    path("mod/recycle-bin/", views.recycle_bin, name="recycle_bin"),
    path("mod/member/<int:pk>/", members.member_page, name="member"),
    path("mod/members/", members.search, name="member_search"),
    path("mod/warning/<int:pk>/withdraw/", members.withdraw_warning, name="withdraw_warning"),
    path("warnings/", notice.my_warnings, name="my_warnings"),
    path("warnings/acknowledge/", notice.acknowledge_warnings, name="acknowledge_warnings"),
    path("mod/bans/", views.bans, name="bans"),
    path("mod/bans/<int:pk>/lift/", views.lift_ban, name="lift_ban"),
]
