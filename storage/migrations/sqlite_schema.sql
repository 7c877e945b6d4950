-- What the migrations make on a new SQLite database (storage.db.SQLITE_SCHEMA).
-- Written by `python -m storage.db sqlite-schema`; do not edit.
-- head: 0019_descriptions_in_languages
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
CREATE TABLE action_group (
	id INTEGER NOT NULL, 
	"key" VARCHAR(64) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	name_fr VARCHAR(200) NOT NULL, 
	name_es VARCHAR(200) NOT NULL, 
	aliases JSON NOT NULL, 
	leads JSON NOT NULL, 
	lead_note TEXT NOT NULL, 
	description TEXT NOT NULL, source VARCHAR(300) DEFAULT '' NOT NULL, source_date DATE, description_fr TEXT DEFAULT '' NOT NULL, description_es TEXT DEFAULT '' NOT NULL, 
	CONSTRAINT pk_action_group PRIMARY KEY (id), 
	CONSTRAINT uq_action_group_key UNIQUE ("key")
);
CREATE TABLE audit_entry (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	actor VARCHAR(255) NOT NULL, 
	platform VARCHAR(32) NOT NULL, 
	action VARCHAR(64) NOT NULL, 
	subject VARCHAR(100) NOT NULL, 
	outcome VARCHAR(16) NOT NULL, 
	detail JSON NOT NULL, 
	CONSTRAINT pk_audit_entry PRIMARY KEY (id)
);
CREATE INDEX ix_audit_entry_at ON audit_entry (at);
CREATE TABLE channel_profile (
	channel_id VARCHAR(255) NOT NULL, 
	locale VARCHAR(16) NOT NULL, 
	timezone VARCHAR(64) NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_channel_profile PRIMARY KEY (channel_id)
);
CREATE TABLE observance (
	id INTEGER NOT NULL, 
	"key" VARCHAR(100) NOT NULL, 
	month INTEGER NOT NULL, 
	day INTEGER NOT NULL, 
	name VARCHAR(300) NOT NULL, 
	name_fr VARCHAR(300) NOT NULL, 
	name_es VARCHAR(300) NOT NULL, 
	description TEXT NOT NULL, 
	link VARCHAR(1000) NOT NULL, 
	marked_by VARCHAR(300) NOT NULL, 
	custom BOOLEAN NOT NULL, 
	created_by VARCHAR(255) NOT NULL, source VARCHAR(300) DEFAULT '' NOT NULL, source_date DATE, description_fr TEXT DEFAULT '' NOT NULL, description_es TEXT DEFAULT '' NOT NULL, 
	CONSTRAINT pk_observance PRIMARY KEY (id), 
	CONSTRAINT uq_observance_key UNIQUE ("key")
);
CREATE TABLE pathfinder_country (
	id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	name_fr VARCHAR(200) NOT NULL, 
	name_es VARCHAR(200) NOT NULL, 
	aliases JSON NOT NULL, 
	kind VARCHAR(32) NOT NULL, 
	iso_code VARCHAR(8) NOT NULL, 
	region VARCHAR(100) NOT NULL, 
	workshop_start DATE, 
	workshop_end DATE, 
	workshop_precision VARCHAR(16) NOT NULL, 
	workshop_tbc BOOLEAN NOT NULL, 
	status VARCHAR(32) NOT NULL, 
	focal_point VARCHAR(300) NOT NULL, 
	next_steps JSON NOT NULL, 
	challenges JSON NOT NULL, 
	updated_at DATETIME NOT NULL, source VARCHAR(300) DEFAULT '' NOT NULL, source_date DATE, 
	CONSTRAINT pk_pathfinder_country PRIMARY KEY (id), 
	CONSTRAINT uq_pathfinder_country_name UNIQUE (name)
);
CREATE TABLE user_profile (
	user_id VARCHAR(255) NOT NULL, 
	display_name VARCHAR(300) NOT NULL, 
	locale VARCHAR(16) NOT NULL, 
	timezone VARCHAR(64) NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_user_profile PRIMARY KEY (user_id)
);
CREATE TABLE action_item (
	id INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	group_id INTEGER, 
	due_date DATE, 
	due_precision VARCHAR(16) NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	created_by VARCHAR(255) NOT NULL, 
	created_platform VARCHAR(32) NOT NULL, 
	created_channel VARCHAR(255) NOT NULL, 
	source_link VARCHAR(1000) NOT NULL, 
	seed_key VARCHAR(100), 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	closed_at DATETIME, source VARCHAR(300) DEFAULT '' NOT NULL, source_date DATE, 
	CONSTRAINT pk_action_item PRIMARY KEY (id), 
	CONSTRAINT fk_action_item_group_id_action_group FOREIGN KEY(group_id) REFERENCES action_group (id), 
	CONSTRAINT uq_action_item_seed_key UNIQUE (seed_key)
);
CREATE INDEX ix_action_item_due_date ON action_item (due_date);
CREATE INDEX ix_action_item_group_id ON action_item (group_id);
CREATE INDEX ix_action_item_status ON action_item (status);
CREATE TABLE calendar_event (
	id INTEGER NOT NULL, 
	title VARCHAR(500) NOT NULL, 
	starts_on DATE NOT NULL, 
	ends_on DATE NOT NULL, 
	precision VARCHAR(16) NOT NULL, 
	start_at DATETIME, 
	end_at DATETIME, 
	timezone VARCHAR(64) NOT NULL, 
	tentative BOOLEAN NOT NULL, 
	place VARCHAR(300) NOT NULL, 
	group_id INTEGER, 
	description TEXT NOT NULL, 
	link VARCHAR(1000) NOT NULL, 
	created_by VARCHAR(255) NOT NULL, 
	created_platform VARCHAR(32) NOT NULL, 
	channel_id VARCHAR(255) NOT NULL, 
	seed_key VARCHAR(100), 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, source VARCHAR(300) DEFAULT '' NOT NULL, source_date DATE, 
	CONSTRAINT pk_calendar_event PRIMARY KEY (id), 
	CONSTRAINT fk_calendar_event_group_id_action_group FOREIGN KEY(group_id) REFERENCES action_group (id), 
	CONSTRAINT uq_calendar_event_seed_key UNIQUE (seed_key)
);
CREATE INDEX ix_calendar_event_group_id ON calendar_event (group_id);
CREATE INDEX ix_calendar_event_starts_on ON calendar_event (starts_on);
CREATE TABLE pathfinder_priority (
	id INTEGER NOT NULL, 
	country_id INTEGER NOT NULL, 
	theme VARCHAR(64) NOT NULL, 
	text TEXT NOT NULL, 
	position INTEGER NOT NULL, 
	CONSTRAINT pk_pathfinder_priority PRIMARY KEY (id), 
	CONSTRAINT fk_pathfinder_priority_country_id_pathfinder_country FOREIGN KEY(country_id) REFERENCES pathfinder_country (id) ON DELETE CASCADE
);
CREATE INDEX ix_pathfinder_priority_country_id ON pathfinder_priority (country_id);
CREATE TABLE pathfinder_update (
	id INTEGER NOT NULL, 
	country_id INTEGER NOT NULL, 
	date DATE NOT NULL, 
	date_precision VARCHAR(16) NOT NULL, 
	author VARCHAR(300) NOT NULL, 
	source VARCHAR(500) NOT NULL, 
	text TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_pathfinder_update PRIMARY KEY (id), 
	CONSTRAINT fk_pathfinder_update_country_id_pathfinder_country FOREIGN KEY(country_id) REFERENCES pathfinder_country (id) ON DELETE CASCADE
);
CREATE INDEX ix_pathfinder_update_country_id ON pathfinder_update (country_id);
CREATE TABLE action_item_owner (
	id INTEGER NOT NULL, 
	action_item_id INTEGER NOT NULL, 
	owner VARCHAR(255) NOT NULL, 
	is_person BOOLEAN NOT NULL, 
	position INTEGER NOT NULL, 
	CONSTRAINT pk_action_item_owner PRIMARY KEY (id), 
	CONSTRAINT fk_action_item_owner_action_item_id_action_item FOREIGN KEY(action_item_id) REFERENCES action_item (id) ON DELETE CASCADE
);
CREATE INDEX ix_action_item_owner_action_item_id ON action_item_owner (action_item_id);
CREATE INDEX ix_action_item_owner_owner ON action_item_owner (owner);
CREATE TABLE platform_state (
	platform VARCHAR(32) NOT NULL, 
	"key" VARCHAR(100) NOT NULL, 
	value TEXT NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_platform_state PRIMARY KEY (platform, "key")
);
CREATE TABLE processed_event (
	platform VARCHAR(32) NOT NULL, 
	event_id VARCHAR(255) NOT NULL, 
	state VARCHAR(16) NOT NULL, 
	claimed_at DATETIME NOT NULL, 
	expires_at DATETIME NOT NULL, 
	CONSTRAINT pk_processed_event PRIMARY KEY (platform, event_id)
);
CREATE INDEX ix_processed_event_expires_at ON processed_event (expires_at);
CREATE TABLE posted_message (
	platform VARCHAR(32) NOT NULL, 
	message_id VARCHAR(255) NOT NULL, 
	channel_id VARCHAR(255) NOT NULL, 
	subject_kind VARCHAR(32) NOT NULL, 
	subject_ref VARCHAR(64) NOT NULL, 
	posted_at DATETIME NOT NULL, reactions JSON, 
	CONSTRAINT pk_posted_message PRIMARY KEY (platform, message_id)
);
CREATE INDEX ix_posted_message_posted_at ON posted_message (posted_at);
CREATE TABLE occurrence (
	id INTEGER NOT NULL, 
	"key" VARCHAR(300) NOT NULL, 
	kind VARCHAR(32) NOT NULL, 
	ref VARCHAR(100) NOT NULL, 
	platform VARCHAR(32) NOT NULL, 
	channel_id VARCHAR(255) NOT NULL, 
	thread_id VARCHAR(255), 
	due_at DATETIME NOT NULL, 
	state VARCHAR(16) NOT NULL, 
	detail JSON NOT NULL, 
	lease_until DATETIME, 
	claimed_by VARCHAR(100) NOT NULL, 
	attempts INTEGER NOT NULL, 
	batch_key VARCHAR(300), 
	delayed BOOLEAN NOT NULL, 
	sent_at DATETIME, 
	message_id VARCHAR(255) NOT NULL, 
	error TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_occurrence PRIMARY KEY (id), 
	CONSTRAINT uq_occurrence_key UNIQUE ("key")
);
CREATE INDEX ix_occurrence_due_at ON occurrence (due_at);
CREATE INDEX ix_occurrence_state ON occurrence (state);
CREATE TABLE reminder (
	id INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	created_by VARCHAR(255) NOT NULL, 
	platform VARCHAR(32) NOT NULL, 
	channel_id VARCHAR(255) NOT NULL, 
	thread_id VARCHAR(255), 
	mention VARCHAR(255) NOT NULL, 
	timezone VARCHAR(64) NOT NULL, 
	first_at DATETIME NOT NULL, 
	recurrence TEXT NOT NULL, 
	active BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_reminder PRIMARY KEY (id)
);
CREATE INDEX ix_reminder_active ON reminder (active);
CREATE INDEX ix_reminder_channel_id ON reminder (channel_id);
CREATE INDEX ix_reminder_created_by ON reminder (created_by);
CREATE TABLE reference_fact (
	id INTEGER NOT NULL, 
	"key" VARCHAR(100) NOT NULL, 
	topic VARCHAR(64) NOT NULL, 
	text TEXT NOT NULL, 
	source VARCHAR(300) DEFAULT '' NOT NULL, 
	source_date DATE, 
	CONSTRAINT pk_reference_fact PRIMARY KEY (id), 
	CONSTRAINT uq_reference_fact_key UNIQUE ("key")
);
CREATE INDEX ix_reference_fact_topic ON reference_fact (topic);
CREATE TABLE shared_resource (
	id INTEGER NOT NULL, 
	url VARCHAR(2000) NOT NULL, 
	title VARCHAR(300) NOT NULL, 
	tags JSON NOT NULL, 
	country VARCHAR(8) NOT NULL, 
	stemming VARCHAR(16) NOT NULL, 
	search_text TEXT NOT NULL, 
	added_by VARCHAR(255) NOT NULL, 
	added_platform VARCHAR(32) NOT NULL, 
	added_at DATETIME NOT NULL, 
	CONSTRAINT pk_shared_resource PRIMARY KEY (id)
);
CREATE INDEX ix_shared_resource_added_at ON shared_resource (added_at);
CREATE VIRTUAL TABLE shared_resource_fts USING fts5(stems, tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE campaign (
	id INTEGER NOT NULL, 
	observance_key VARCHAR(100) NOT NULL, 
	day DATE NOT NULL, 
	platform VARCHAR(32) NOT NULL, 
	channel_id VARCHAR(255) NOT NULL, 
	lead_days JSON NOT NULL, 
	created_by VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_campaign PRIMARY KEY (id), 
	CONSTRAINT uq_campaign_observance_key UNIQUE (observance_key, day, channel_id)
);
CREATE TABLE campaign_entry (
	id INTEGER NOT NULL, 
	campaign_id INTEGER NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	country VARCHAR(8) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	organisation VARCHAR(200) NOT NULL, 
	text TEXT NOT NULL, 
	author VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_campaign_entry PRIMARY KEY (id), 
	CONSTRAINT fk_campaign_entry_campaign_id_campaign FOREIGN KEY(campaign_id) REFERENCES campaign (id) ON DELETE CASCADE
);
CREATE INDEX ix_campaign_entry_campaign_id ON campaign_entry (campaign_id);
CREATE TABLE meeting (
	id INTEGER NOT NULL, 
	title VARCHAR(300) NOT NULL, 
	platform VARCHAR(32) NOT NULL, 
	channel_id VARCHAR(255) NOT NULL, 
	started_by VARCHAR(255) NOT NULL, 
	started_at DATETIME NOT NULL, 
	ended_at DATETIME, 
	CONSTRAINT pk_meeting PRIMARY KEY (id)
);
CREATE INDEX ix_meeting_channel_id ON meeting (channel_id);
CREATE TABLE meeting_line (
	id INTEGER NOT NULL, 
	meeting_id INTEGER NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	text TEXT NOT NULL, 
	author VARCHAR(255) NOT NULL, 
	at DATETIME NOT NULL, 
	action_item VARCHAR(16) NOT NULL, 
	CONSTRAINT pk_meeting_line PRIMARY KEY (id), 
	CONSTRAINT fk_meeting_line_meeting_id_meeting FOREIGN KEY(meeting_id) REFERENCES meeting (id) ON DELETE CASCADE
);
CREATE INDEX ix_meeting_line_meeting_id ON meeting_line (meeting_id);
CREATE TABLE poll (
	id INTEGER NOT NULL, 
	question VARCHAR(300) NOT NULL, 
	options JSON NOT NULL, 
	multiple BOOLEAN NOT NULL, 
	anonymous BOOLEAN NOT NULL, 
	hidden BOOLEAN NOT NULL, 
	platform VARCHAR(32) NOT NULL, 
	channel_id VARCHAR(255) NOT NULL, 
	created_by VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, 
	closes_at DATETIME, 
	closed_at DATETIME, 
	CONSTRAINT pk_poll PRIMARY KEY (id)
);
CREATE INDEX ix_poll_closes_at ON poll (closes_at);
CREATE TABLE poll_vote (
	id INTEGER NOT NULL, 
	poll_id INTEGER NOT NULL, 
	voter VARCHAR(255) NOT NULL, 
	option INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	CONSTRAINT pk_poll_vote PRIMARY KEY (id), 
	CONSTRAINT fk_poll_vote_poll_id_poll FOREIGN KEY(poll_id) REFERENCES poll (id) ON DELETE CASCADE, 
	CONSTRAINT uq_poll_vote_poll_id UNIQUE (poll_id, voter, option)
);
CREATE INDEX ix_poll_vote_poll_id ON poll_vote (poll_id);
CREATE TABLE survey (
	id INTEGER NOT NULL, 
	title VARCHAR(300) NOT NULL, 
	questions JSON NOT NULL, 
	platform VARCHAR(32) NOT NULL, 
	channel_id VARCHAR(255) NOT NULL, 
	created_by VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, 
	closed_at DATETIME, 
	CONSTRAINT pk_survey PRIMARY KEY (id)
);
CREATE TABLE survey_answer (
	id INTEGER NOT NULL, 
	survey_id INTEGER NOT NULL, 
	respondent VARCHAR(255) NOT NULL, 
	question INTEGER NOT NULL, 
	answer TEXT NOT NULL, 
	at DATETIME NOT NULL, 
	CONSTRAINT pk_survey_answer PRIMARY KEY (id), 
	CONSTRAINT fk_survey_answer_survey_id_survey FOREIGN KEY(survey_id) REFERENCES survey (id) ON DELETE CASCADE, 
	CONSTRAINT uq_survey_answer_survey_id UNIQUE (survey_id, respondent, question)
);
CREATE INDEX ix_survey_answer_survey_id ON survey_answer (survey_id);
CREATE TABLE "subscription" (
	id INTEGER NOT NULL, 
	kind VARCHAR(32) NOT NULL, 
	platform VARCHAR(32) NOT NULL, 
	channel_id VARCHAR(255) NOT NULL, 
	ref VARCHAR(100) NOT NULL, 
	lead_days JSON NOT NULL, 
	weekday INTEGER NOT NULL, 
	time_of_day VARCHAR(5) NOT NULL, 
	token VARCHAR(64), 
	created_by VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, 
	with_chart BOOLEAN DEFAULT 0 NOT NULL, 
	CONSTRAINT pk_subscription PRIMARY KEY (id), 
	CONSTRAINT uq_subscription_kind UNIQUE (kind, channel_id, ref), 
	CONSTRAINT uq_subscription_token UNIQUE (token)
);
CREATE INDEX ix_subscription_channel_id ON subscription (channel_id);
CREATE TABLE channel_welcome (
	channel_id VARCHAR(255) NOT NULL, 
	text TEXT NOT NULL, 
	enabled BOOLEAN NOT NULL, 
	updated_by VARCHAR(255) NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_channel_welcome PRIMARY KEY (channel_id)
);
CREATE TABLE greeting (
	channel_id VARCHAR(255) NOT NULL, 
	user_id VARCHAR(255) NOT NULL, 
	platform VARCHAR(32) NOT NULL, 
	greeted_at DATETIME NOT NULL, 
	follow_up_at DATETIME, 
	CONSTRAINT pk_greeting PRIMARY KEY (channel_id, user_id)
);
CREATE TABLE intro_pair (
	id INTEGER NOT NULL, 
	round VARCHAR(16) NOT NULL, 
	workspace VARCHAR(255) NOT NULL, 
	first VARCHAR(255) NOT NULL, 
	second VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_intro_pair PRIMARY KEY (id), 
	CONSTRAINT uq_intro_pair_round_first UNIQUE (round, first), 
	CONSTRAINT uq_intro_pair_round_second UNIQUE (round, second)
);
CREATE INDEX ix_intro_pair_round ON intro_pair (round);
CREATE TABLE member_profile (
	user_id VARCHAR(255) NOT NULL, 
	workspace VARCHAR(255) NOT NULL, 
	display_name VARCHAR(300) NOT NULL, 
	organisation VARCHAR(200) NOT NULL, 
	countries JSON NOT NULL, 
	themes JSON NOT NULL, 
	languages JSON NOT NULL, 
	role VARCHAR(200) NOT NULL, 
	about TEXT NOT NULL, 
	in_digest BOOLEAN NOT NULL, 
	intros VARCHAR(16) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_member_profile PRIMARY KEY (user_id)
);
CREATE INDEX ix_member_profile_workspace ON member_profile (workspace);
CREATE INDEX ix_action_item_owner_owner_lower ON action_item_owner (lower(owner));
CREATE INDEX ix_action_item_status_due ON action_item (status, (due_date IS NULL), due_date, id);
CREATE INDEX ix_action_item_owner_item_lower ON action_item_owner (action_item_id, lower(owner));
CREATE INDEX ix_action_item_updated_at ON action_item (updated_at);
CREATE TABLE data_version (
	name VARCHAR(64) NOT NULL, 
	version BIGINT NOT NULL, 
	CONSTRAINT pk_data_version PRIMARY KEY (name)
);
CREATE TRIGGER data_version_pathfinder_country_insert AFTER INSERT ON pathfinder_country BEGIN INSERT INTO data_version (name, version) VALUES ('pathfinder', 1) ON CONFLICT (name) DO UPDATE SET version = data_version.version + 1; END;
CREATE TRIGGER data_version_pathfinder_country_update AFTER UPDATE ON pathfinder_country BEGIN INSERT INTO data_version (name, version) VALUES ('pathfinder', 1) ON CONFLICT (name) DO UPDATE SET version = data_version.version + 1; END;
CREATE TRIGGER data_version_pathfinder_country_delete AFTER DELETE ON pathfinder_country BEGIN INSERT INTO data_version (name, version) VALUES ('pathfinder', 1) ON CONFLICT (name) DO UPDATE SET version = data_version.version + 1; END;
CREATE TRIGGER data_version_pathfinder_priority_insert AFTER INSERT ON pathfinder_priority BEGIN INSERT INTO data_version (name, version) VALUES ('pathfinder', 1) ON CONFLICT (name) DO UPDATE SET version = data_version.version + 1; END;
CREATE TRIGGER data_version_pathfinder_priority_update AFTER UPDATE ON pathfinder_priority BEGIN INSERT INTO data_version (name, version) VALUES ('pathfinder', 1) ON CONFLICT (name) DO UPDATE SET version = data_version.version + 1; END;
CREATE TRIGGER data_version_pathfinder_priority_delete AFTER DELETE ON pathfinder_priority BEGIN INSERT INTO data_version (name, version) VALUES ('pathfinder', 1) ON CONFLICT (name) DO UPDATE SET version = data_version.version + 1; END;
CREATE TRIGGER data_version_pathfinder_update_insert AFTER INSERT ON pathfinder_update BEGIN INSERT INTO data_version (name, version) VALUES ('pathfinder', 1) ON CONFLICT (name) DO UPDATE SET version = data_version.version + 1; END;
CREATE TRIGGER data_version_pathfinder_update_update AFTER UPDATE ON pathfinder_update BEGIN INSERT INTO data_version (name, version) VALUES ('pathfinder', 1) ON CONFLICT (name) DO UPDATE SET version = data_version.version + 1; END;
CREATE TRIGGER data_version_pathfinder_update_delete AFTER DELETE ON pathfinder_update BEGIN INSERT INTO data_version (name, version) VALUES ('pathfinder', 1) ON CONFLICT (name) DO UPDATE SET version = data_version.version + 1; END;
INSERT INTO alembic_version (version_num) VALUES ('0019_descriptions_in_languages');
