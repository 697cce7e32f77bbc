"""What moderation tells the apps built beside it, so that it imports none of them."""

from django.dispatch import Signal

# Posts changed topics (merge, split): sent inside the action's transaction with `topic_ids`, the topics that gave
# or received posts. Recommendations follow their posts to the new topic.
posts_moved = Signal()
