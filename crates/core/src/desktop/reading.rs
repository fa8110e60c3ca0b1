//! What the window reads: the views and their counts, threads and search,
//! all from the local copy (so they work offline), with the request's
//! bounds and the role's views checked first.

use super::Desktop;
use crate::error::{CoreError, Result};
use crate::store::{ConversationPage, ConversationView, ListCursor, ThreadPage, View, ViewCounts};

impl Desktop {
    /// Every conversation this copy holds: for tests and tools. The UI pages
    /// through views with [`Desktop::conversation_page`].
    pub fn conversations(&self) -> Result<Vec<ConversationView>> {
        self.store.conversations(&self.me())
    }

    /// One page of a view, newest activity first.
    pub fn conversation_page(
        &self,
        view: View,
        after: Option<ListCursor>,
        limit: i64,
    ) -> Result<ConversationPage> {
        if matches!(view, View::Agent { .. })
            && !switchboard_protocol::sees_colleagues(self.me().who())
        {
            return Err(CoreError::Invalid(
                "only admins, viewers and team leads see other agents' queues",
            ));
        }
        self.store.conversation_page(&self.me(), view, after, limit)
    }

    /// One conversation as the list shows it.
    pub fn conversation_view(&self, id: i64) -> Result<ConversationView> {
        self.store.conversation_view(&self.me(), id)
    }

    /// The views' counts and the unread total.
    pub fn view_counts(&self) -> Result<ViewCounts> {
        self.store.view_counts(&self.me())
    }

    pub fn thread(
        &self,
        conversation_id: i64,
        before: Option<(i64, i64)>,
        limit: i64,
    ) -> Result<ThreadPage> {
        if !(1..=200).contains(&limit) {
            return Err(CoreError::Invalid("a page holds 1 to 200 messages"));
        }
        self.store.thread(conversation_id, before, limit)
    }

    /// Full-text search over this desktop's copy (works offline).
    pub fn search(&self, query: &str) -> Result<Vec<crate::store::SearchHit>> {
        self.search_where(query, None)
    }

    /// Search within one conversation.
    pub fn search_in(
        &self,
        query: &str,
        conversation_id: i64,
    ) -> Result<Vec<crate::store::SearchHit>> {
        self.search_where(query, Some(conversation_id))
    }

    fn search_where(
        &self,
        query: &str,
        conversation_id: Option<i64>,
    ) -> Result<Vec<crate::store::SearchHit>> {
        if query.chars().count() > 200 {
            return Err(CoreError::Invalid("a search is at most 200 characters"));
        }
        self.store.search_in(query, conversation_id, 50)
    }

    /// The messages around one message (to open a search hit in place).
    pub fn thread_around(
        &self,
        conversation_id: i64,
        message_id: i64,
        limit: i64,
    ) -> Result<crate::store::ThreadWindow> {
        if !(1..=200).contains(&limit) {
            return Err(CoreError::Invalid("a page holds 1 to 200 messages"));
        }
        self.store.thread_around(conversation_id, message_id, limit)
    }

    /// The messages after `after`, oldest first (a thread window read downwards).
    pub fn thread_newer(
        &self,
        conversation_id: i64,
        after: (i64, i64),
        limit: i64,
    ) -> Result<crate::store::ThreadWindow> {
        if !(1..=200).contains(&limit) {
            return Err(CoreError::Invalid("a page holds 1 to 200 messages"));
        }
        self.store.thread_newer(conversation_id, after, limit)
    }
}
