// The types the shell sends the UI, generated from the Rust types by ts-rs:
// `cargo test` writes them to ./generated (never edit those files; the test
// script fails when the committed ones are stale). i64 values are `number`
// deliberately (`TS_RS_LARGE_INT` in .cargo/config.toml): ids, timestamps
// and counts stay far below 2^53.
export type { Actions } from './generated/Actions';
export type { Alert } from './generated/Alert';
export type { CannedReply } from './generated/CannedReply';
export type { CannedReplyRequest } from './generated/CannedReplyRequest';
export type { Label } from './generated/Label';
export type { LabelRequest } from './generated/LabelRequest';
export type { Report } from './generated/Report';
export type { AgentReport } from './generated/AgentReport';
export type { DayReport } from './generated/DayReport';
export type { TeamMember } from './generated/TeamMember';
export type { Team } from './generated/Team';
export type { TeamMembership } from './generated/TeamMembership';
export type { Inbox } from './generated/Inbox';
export type { InboxRequest } from './generated/InboxRequest';
export type { InboxHoursRequest } from './generated/InboxHoursRequest';
export type { BusinessHours } from './generated/BusinessHours';
export type { Shift } from './generated/Shift';
export type { Weekday } from './generated/Weekday';
export type { OpenState } from './generated/OpenState';
export type { BulkAction } from './generated/BulkAction';
export type { ChoicesSend } from './generated/ChoicesSend';
export type { Macro } from './generated/Macro';
export type { MacroStep } from './generated/MacroStep';
export type { MacroRequest } from './generated/MacroRequest';
export type { MacroOutcome } from './generated/MacroOutcome';
export type { SlaKind } from './generated/SlaKind';
export type { SlaPolicy } from './generated/SlaPolicy';
export type { SlaPolicyRequest } from './generated/SlaPolicyRequest';
export type { BulkOutcome } from './generated/BulkOutcome';
export type { BulkRefusal } from './generated/BulkRefusal';
export type { Membership } from './generated/Membership';
export type { AgentSummary } from './generated/AgentSummary';
export type { AuditEntry } from './generated/AuditEntry';
export type { ConversationPage } from './generated/ConversationPage';
export type { ConversationStatus } from './generated/ConversationStatus';
export type { ConversationView } from './generated/ConversationView';
export type { DeliveryStatus } from './generated/DeliveryStatus';
export type { IssuedToken } from './generated/IssuedToken';
export type { Direction } from './generated/Direction';
export type { Role } from './generated/Role';
export type { SearchHit } from './generated/SearchHit';
export type { SessionInfo } from './generated/SessionInfo';
export type { TimeWords } from './generated/TimeWords';
export type { SyncEvent } from './generated/SyncEvent';
export type { UiEvent } from './generated/UiEvent';
export type { EventBatch } from './generated/EventBatch';
export type { StagedFile } from './generated/StagedFile';
export type { Presence } from './generated/Presence';
export type { PresencePerson } from './generated/PresencePerson';
export type { PresenceState } from './generated/PresenceState';
export type { StagedOutcome } from './generated/StagedOutcome';
export type { SyncProgress } from './generated/SyncProgress';
export type { Template } from './generated/Template';
export type { ThreadItem } from './generated/ThreadItem';
export type { ThreadPage } from './generated/ThreadPage';
export type { ThreadWindow } from './generated/ThreadWindow';
export type { UiError } from './generated/UiError';
export type { View } from './generated/View';
export type { ViewCount } from './generated/ViewCount';
export type { ViewCounts } from './generated/ViewCounts';

/** A keyset cursor as the core hands it out: (time, id). */
export type Cursor = [number, number];
