import GRDB
import NewsModel

/// How many posts each feed holds in each month: all, unread and starred.
///
/// The reader's first screen shows every month's count and the list's
/// total; counting them from `post` reads every post (78 ms on a million
/// posts, the month index walked whole and each row read for its flags).
/// This table has a row per feed and month (a few thousand at most). The
/// reader's counts come from it (`archiveMonths`, `listCount`,
/// `feedStatuses`), plus the posts stored after its mark, counted as they
/// are read (`currentSQL`; none, once a writer caught up).
///
/// New posts are counted by the writer at the end of its transaction
/// (`catchUp`, from `PostIndexer.finish`): the posts above the mark, in one
/// statement. Not by a trigger on insert: a statement that fires a trigger
/// opens a statement savepoint, and on SQLite 3.40 FTS5 writes its pending
/// words out at every savepoint (an import of 20,000 posts took 55% more
/// CPU). Posts already counted are kept true by triggers in the changing
/// transaction, whoever changes them (a mark, a star, a sync, a purge, a
/// raw `UPDATE`): flags, a move to another feed or month, a delete.
///
/// `month` is `YYYY-MM`, or the empty string for the posts without a date
/// (a key column is never NULL: NULLs in a key never conflict, so an
/// upsert would add a row each time). Rows that fall to zero stay until
/// their feed is deleted; readers skip them. Post ids only grow
/// (AUTOINCREMENT), so a post above the mark is one not counted yet. A
/// migration that makes the `post` table anew must create these triggers again.
enum PostCounts {
    /// Creates the table, fills it from the posts stored, and adds the triggers.
    static func create(_ db: Database) throws {
        let counted = "old.id <= (SELECT upTo FROM post_count_mark)"
        try db.execute(sql: """
            CREATE TABLE post_count (
                feedId INTEGER NOT NULL,
                month TEXT NOT NULL,
                total INTEGER NOT NULL,
                unread INTEGER NOT NULL,
                starred INTEGER NOT NULL,
                PRIMARY KEY (feedId, month)
            ) WITHOUT ROWID;
            -- The largest post id counted in post_count.
            CREATE TABLE post_count_mark (upTo INTEGER NOT NULL);
            INSERT INTO post_count_mark (upTo) VALUES (0);
            CREATE TRIGGER post_count_delete AFTER DELETE ON post WHEN \(counted) BEGIN
                UPDATE post_count SET total = total - 1, unread = unread - (old.isRead = 0),
                                      starred = starred - (old.isStarred = 1)
                    WHERE feedId = old.feedId AND month = COALESCE(old.month, '');
            END;
            -- Marking and starring: the post stays in its feed and month (the
            -- common case, one row changed). Rows whose flags did not change
            -- (an UPDATE names them all the same) cost nothing more.
            CREATE TRIGGER post_count_flags AFTER UPDATE OF isRead, isStarred ON post
            WHEN old.feedId = new.feedId AND old.month IS new.month
                 AND (old.isRead IS NOT new.isRead OR old.isStarred IS NOT new.isStarred) AND \(counted)
            BEGIN
                UPDATE post_count SET unread = unread + (new.isRead = 0) - (old.isRead = 0),
                                      starred = starred + (new.isStarred = 1) - (old.isStarred = 1)
                    WHERE feedId = new.feedId AND month = COALESCE(new.month, '');
            END;
            -- A post given another date or feed (a refresh, a sync) moves with
            -- its flags, old and new alike.
            CREATE TRIGGER post_count_move AFTER UPDATE OF feedId, month ON post
            WHEN (old.feedId IS NOT new.feedId OR old.month IS NOT new.month) AND \(counted)
            BEGIN
                UPDATE post_count SET total = total - 1, unread = unread - (old.isRead = 0),
                                      starred = starred - (old.isStarred = 1)
                    WHERE feedId = old.feedId AND month = COALESCE(old.month, '');
                INSERT INTO post_count (feedId, month, total, unread, starred)
                    VALUES (new.feedId, COALESCE(new.month, ''), 1, new.isRead = 0, new.isStarred = 1)
                    ON CONFLICT (feedId, month) DO UPDATE SET total = total + 1,
                        unread = unread + excluded.unread, starred = starred + excluded.starred;
            END;
            -- A feed's posts go with it (a cascade, each through post_count_delete); its rows then too.
            CREATE TRIGGER post_count_feed_delete AFTER DELETE ON feed BEGIN
                DELETE FROM post_count WHERE feedId = old.id;
            END;
            """)
        try catchUp(db)
    }

    /// Counts the posts stored since the mark and moves the mark past them
    /// (call at the end of a transaction that stored posts).
    static func catchUp(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO post_count (feedId, month, total, unread, starred)
                SELECT feedId, COALESCE(month, ''), COUNT(*), SUM(isRead = 0), SUM(isStarred = 1)
                FROM post WHERE id > (SELECT upTo FROM post_count_mark) GROUP BY 1, 2
                ON CONFLICT (feedId, month) DO UPDATE SET total = total + excluded.total,
                    unread = unread + excluded.unread, starred = starred + excluded.starred;
            UPDATE post_count_mark SET upTo = (SELECT COALESCE(MAX(id), 0) FROM post)
                WHERE upTo < (SELECT COALESCE(MAX(id), 0) FROM post);
            """)
    }

    /// The counts as they are now, as a table `counts(feedId, month, total,
    /// unread, starred)` to select from: `post_count` and the posts above its
    /// mark, a row each (none when the last writer caught up).
    static let currentSQL = """
        SELECT feedId, month, total, unread, starred FROM post_count
        UNION ALL
        SELECT feedId, COALESCE(month, ''), 1, isRead = 0, isStarred = 1 FROM post
        WHERE id > (SELECT upTo FROM post_count_mark)
        """
}

extension PostFilter {
    /// The column of `post_count` that counts this filter's view.
    var countColumn: String {
        switch view {
        case .all: return "total"
        case .unread: return "unread"
        case .starred: return "starred"
        }
    }

    /// The filter's month and feed as a condition over `post_count`.
    var countCondition: (String, StatementArguments) {
        var conditions = ["total > 0"]
        var arguments: StatementArguments = []
        if case let .one(month) = months {
            conditions.append("month = ?")
            arguments += [month ?? ""]
        }
        if let feedID {
            conditions.append("feedId = ?")
            arguments += [feedID]
        }
        return (conditions.joined(separator: " AND "), arguments)
    }
}
