/// The first schema: task runs with their states and cache, flows, flow runs with their states,
/// deployments, logs and tag concurrency limits (spec task-run-api §1.9, §5; orchestration §B.5).
///
/// Conventions: ids are lowercase UUID text; instants are INTEGER microseconds since 1970 (UTC),
/// which sort correctly and keep Prefect's precision; durations are REAL seconds; JSON columns
/// hold JSON text.
///
/// Indexes serve Baton's queries and constraints. Prefect's indexes that no Baton query reads
/// (on `updated`, `task_run.state_timestamp`, `task_run.state_id`, `task_run_state.type` and
/// `.name`) are left out, since each costs every write; `task_run.flow_run_id`,
/// `.state_type` and `.expected_start_time` alone are served by the composite indexes that start
/// with them.
enum SchemaVersion1 {
    static let migration = Migration(
        version: 1,
        sql: """
            CREATE TABLE flow (
                id TEXT PRIMARY KEY NOT NULL,
                created INTEGER NOT NULL,
                updated INTEGER NOT NULL,
                name TEXT NOT NULL,
                tags TEXT NOT NULL DEFAULT '[]',
                labels TEXT NOT NULL DEFAULT '{}',
                CONSTRAINT uq_flow__name UNIQUE (name)
            );

            CREATE TABLE deployment (
                id TEXT PRIMARY KEY NOT NULL,
                created INTEGER NOT NULL,
                updated INTEGER NOT NULL,
                flow_id TEXT NOT NULL REFERENCES flow (id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                paused INTEGER NOT NULL DEFAULT 0,
                tags TEXT NOT NULL DEFAULT '[]',
                labels TEXT NOT NULL DEFAULT '{}',
                work_queue_name TEXT,
                CONSTRAINT uq_deployment__flow_id_name UNIQUE (flow_id, name)
            );

            CREATE TABLE flow_run (
                id TEXT PRIMARY KEY NOT NULL,
                created INTEGER NOT NULL,
                updated INTEGER NOT NULL,
                flow_id TEXT NOT NULL REFERENCES flow (id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                tags TEXT NOT NULL DEFAULT '[]',
                labels TEXT NOT NULL DEFAULT '{}',
                deployment_id TEXT REFERENCES deployment (id) ON DELETE SET NULL,
                deployment_version TEXT,
                work_queue_name TEXT,
                work_queue_id TEXT,
                flow_version TEXT,
                idempotency_key TEXT,
                parent_task_run_id TEXT REFERENCES task_run (id) ON DELETE SET NULL,
                created_by TEXT,
                state_id TEXT,
                state_type TEXT,
                state_name TEXT,
                state_timestamp INTEGER,
                run_count INTEGER NOT NULL DEFAULT 0,
                expected_start_time INTEGER,
                next_scheduled_start_time INTEGER,
                start_time INTEGER,
                end_time INTEGER,
                total_run_time REAL NOT NULL DEFAULT 0,
                empirical_policy TEXT NOT NULL DEFAULT '{}',
                parameters TEXT NOT NULL DEFAULT '{}',
                context TEXT NOT NULL DEFAULT '{}'
            );
            -- Also serves lookups by flow_id (the foreign key's cascade).
            CREATE UNIQUE INDEX uq_flow_run__flow_id_idempotency_key ON flow_run (flow_id, idempotency_key);
            CREATE INDEX ix_flow_run__deployment_id ON flow_run (deployment_id);
            -- Serves the subflow_runs filter and the SET NULL when a task run is deleted.
            CREATE INDEX ix_flow_run__parent_task_run_id ON flow_run (parent_task_run_id);
            CREATE INDEX ix_flow_run__name ON flow_run (name);
            CREATE INDEX ix_flow_run__state_type ON flow_run (state_type);
            CREATE INDEX ix_flow_run__expected_start_time_desc ON flow_run (expected_start_time DESC);

            CREATE TABLE flow_run_state (
                id TEXT PRIMARY KEY NOT NULL,
                created INTEGER NOT NULL,
                updated INTEGER NOT NULL,
                flow_run_id TEXT NOT NULL REFERENCES flow_run (id) ON DELETE CASCADE,
                type TEXT NOT NULL,
                timestamp INTEGER NOT NULL,
                name TEXT NOT NULL,
                message TEXT,
                state_details TEXT NOT NULL DEFAULT '{}',
                data TEXT
            );
            CREATE UNIQUE INDEX uq_flow_run_state__flow_run_id_timestamp_desc
                ON flow_run_state (flow_run_id, timestamp DESC);

            CREATE TABLE task_run (
                id TEXT PRIMARY KEY NOT NULL,
                created INTEGER NOT NULL,
                updated INTEGER NOT NULL,
                name TEXT NOT NULL,
                flow_run_id TEXT REFERENCES flow_run (id) ON DELETE CASCADE,
                task_key TEXT NOT NULL,
                dynamic_key TEXT NOT NULL,
                cache_key TEXT,
                cache_expiration INTEGER,
                task_version TEXT,
                flow_run_run_count INTEGER NOT NULL DEFAULT 0,
                empirical_policy TEXT NOT NULL DEFAULT '{}',
                task_inputs TEXT NOT NULL DEFAULT '{}',
                tags TEXT NOT NULL DEFAULT '[]',
                labels TEXT,
                state_id TEXT,
                state_type TEXT,
                state_name TEXT,
                state_timestamp INTEGER,
                run_count INTEGER NOT NULL DEFAULT 0,
                expected_start_time INTEGER,
                next_scheduled_start_time INTEGER,
                start_time INTEGER,
                end_time INTEGER,
                total_run_time REAL NOT NULL DEFAULT 0
            );
            -- Idempotent create under a flow run; also serves lookups by flow_run_id.
            CREATE UNIQUE INDEX uq_task_run__flow_run_id_task_key_dynamic_key
                ON task_run (flow_run_id, task_key, dynamic_key);
            -- NULLs are distinct in the index above, so autonomous runs get their own (Prefect's
            -- check-then-insert is racy there).
            CREATE UNIQUE INDEX uq_task_run__task_key_dynamic_key__autonomous
                ON task_run (task_key, dynamic_key) WHERE flow_run_id IS NULL;
            -- Serves the expected-start sorts and filters, and covers run history (spec §4), which
            -- then aggregates without reading the table.
            CREATE INDEX ix_task_run__expected_start_time_history ON task_run
                (expected_start_time, state_type, state_name, state_timestamp, start_time, total_run_time);
            -- A flow run's runs in one state in expected-start order, with the id tie-breaker: the
            -- task list of a flow run page, and its count, without reading the table.
            CREATE INDEX ix_task_run__flow_run_id_state_type_expected_start_time
                ON task_run (flow_run_id, state_type, expected_start_time, id);
            CREATE INDEX ix_task_run__next_scheduled_start_time_asc ON task_run (next_scheduled_start_time ASC);
            CREATE INDEX ix_task_run__end_time_desc ON task_run (end_time DESC);
            CREATE INDEX ix_task_run__start_time ON task_run (start_time);
            CREATE INDEX ix_task_run__state_type_start_time ON task_run (state_type, start_time);
            CREATE INDEX ix_task_run__state_name ON task_run (state_name);
            CREATE INDEX ix_task_run__name ON task_run (name);

            CREATE TABLE task_run_state (
                id TEXT PRIMARY KEY NOT NULL,
                created INTEGER NOT NULL,
                updated INTEGER NOT NULL,
                task_run_id TEXT NOT NULL REFERENCES task_run (id) ON DELETE CASCADE,
                type TEXT NOT NULL,
                timestamp INTEGER NOT NULL,
                name TEXT NOT NULL,
                message TEXT,
                state_details TEXT NOT NULL DEFAULT '{}',
                data TEXT
            );
            CREATE UNIQUE INDEX uq_task_run_state__task_run_id_timestamp_desc
                ON task_run_state (task_run_id, timestamp DESC);

            -- task_run_state_id has no foreign key, as in Prefect: an entry outlives a deleted
            -- run and is skipped when read.
            CREATE TABLE task_run_state_cache (
                id TEXT PRIMARY KEY NOT NULL,
                created INTEGER NOT NULL,
                updated INTEGER NOT NULL,
                cache_key TEXT NOT NULL,
                cache_expiration INTEGER,
                task_run_state_id TEXT NOT NULL
            );
            CREATE INDEX ix_task_run_state_cache__cache_key_created_desc
                ON task_run_state_cache (cache_key, created DESC);

            -- v1 tag concurrency limits; active_slots is a JSON array of task-run ids.
            CREATE TABLE concurrency_limit (
                id TEXT PRIMARY KEY NOT NULL,
                created INTEGER NOT NULL,
                updated INTEGER NOT NULL,
                tag TEXT NOT NULL,
                concurrency_limit INTEGER NOT NULL,
                active_slots TEXT NOT NULL DEFAULT '[]',
                CONSTRAINT uq_concurrency_limit__tag UNIQUE (tag)
            );

            -- Run ids are plain columns, not foreign keys: logs may arrive before their run.
            CREATE TABLE log (
                id TEXT PRIMARY KEY NOT NULL,
                created INTEGER NOT NULL,
                updated INTEGER NOT NULL,
                name TEXT NOT NULL,
                level INTEGER NOT NULL,
                flow_run_id TEXT,
                task_run_id TEXT,
                message TEXT NOT NULL,
                timestamp INTEGER NOT NULL
            );
            CREATE INDEX ix_log__flow_run_id_timestamp ON log (flow_run_id, timestamp);
            CREATE INDEX ix_log__task_run_id_timestamp ON log (task_run_id, timestamp);
            CREATE INDEX ix_log__timestamp ON log (timestamp);
            """)
}
