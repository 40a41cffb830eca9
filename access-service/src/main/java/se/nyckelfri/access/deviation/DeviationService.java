package se.nyckelfri.access.deviation;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.ScopeGuard;
import se.nyckelfri.access.grant.GrantedResidents;
import se.nyckelfri.access.grant.Schedule;
import se.nyckelfri.access.premises.Door;
import se.nyckelfri.access.premises.Doors;
import se.nyckelfri.access.premises.LockDevice;
import se.nyckelfri.access.premises.LockDevices;
import se.nyckelfri.access.staff.StaffMember;
import se.nyckelfri.access.staff.StaffMembers;
import se.nyckelfri.access.system.ConflictException;
import se.nyckelfri.access.system.InvalidInputException;
import se.nyckelfri.access.system.NotFoundException;
import se.nyckelfri.access.system.Versions;
import se.nyckelfri.access.unlocking.ReceiptLedger;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.lock.protocol.receipt.Receipts;

/**
 * Reporting deviations and following them up. A staff member reports one about a door of a resident they visit
 * today or may enter now (anything else is not there for them); the managers of the reporter's unit acknowledge it,
 * record what was done and close it; auditors read them all. A receipt attached must be the lock's own (verified
 * by the receipt ledger against its registered key, and not recorded by it). Every step is an audit entry naming the deviation and its cause, never the note.
 */
@Service
public class DeviationService {

    private static final Pattern ERROR_CODE = Pattern.compile("[A-Z_0-9]{1,40}");
    /** A note or an action: short, plain text. */
    public static final int MAX_TEXT = 500;

    private final Deviations deviations;
    private final StaffMembers staff;
    private final LockDevices locks;
    private final Doors doors;
    private final GrantedResidents granted;
    private final ReceiptLedger receipts;
    private final ScopeGuard guard;
    private final AuditLog audit;
    private final Clock clock;

    DeviationService(Deviations deviations, StaffMembers staff, LockDevices locks, Doors doors, GrantedResidents granted,
                     ReceiptLedger receipts, ScopeGuard guard, AuditLog audit, Clock clock) {
        this.deviations = deviations;
        this.staff = staff;
        this.locks = locks;
        this.doors = doors;
        this.granted = granted;
        this.receipts = receipts;
        this.guard = guard;
        this.audit = audit;
        this.clock = clock;
    }

    /** What a staff member reports; {@code note}, {@code errorCode} and {@code receipt} may be absent. */
    public record Report(UUID lockId, DeviationCause cause, String note, String errorCode, byte[] receipt) { }

    /** A deviation with what a manager's page shows of it. */
    public record Row(Deviation deviation, String door, String reporter) { }

    @Transactional
    public Deviation report(Actor actor, Report report) {
        if (actor.staffMemberId() == null) {
            throw new ConflictException("NOT_STAFF", "Only a staff member reports a deviation from the app.");
        }
        StaffMember member = staff.findById(actor.staffMemberId()).orElseThrow(() -> new NotFoundException("staff member", actor.staffMemberId()));
        LockDevice lock = locks.findById(report.lockId()).orElseThrow(() -> new NotFoundException("lock", report.lockId()));
        Door door = doors.findById(lock.getDoorId()).orElseThrow();
        Instant now = clock.instant();
        Set<UUID> mine = new HashSet<>(granted.toVisitOn(member.getId(), LocalDate.ofInstant(now, Schedule.ZONE)));
        mine.addAll(granted.inForceAt(member.getId(), now));
        if (door.getResidentIds().stream().noneMatch(mine::contains)) {
            throw new NotFoundException("lock", report.lockId()); // a door the member does not visit is not there for them
        }
        String note = report.note() == null || report.note().isBlank() ? null : report.note().strip();
        if (note != null && note.length() > MAX_TEXT) {
            throw new InvalidInputException("note", "at most " + MAX_TEXT + " characters");
        }
        if (report.errorCode() != null && !ERROR_CODE.matcher(report.errorCode()).matches()) {
            throw new InvalidInputException("errorCode", "1-40 capital letters, digits or '_'");
        }
        Long counter = null;
        if (report.receipt() != null) {
            try {
                counter = receipts.verify(lock.getId(), report.receipt()).counter();
            } catch (Receipts.ReceiptException e) {
                throw new InvalidInputException("receipt", "is not this lock's signed receipt");
            }
        }
        Deviation deviation = deviations.saveAndFlush(new Deviation(member.getCareUnitId(), member.getId(), lock.getId(),
                report.cause(), note, report.errorCode(), report.receipt(), counter, now));
        audit.append(AuditEvent.of("DEVIATION_REPORTED", actor.pseudonym()).subject("deviation", deviation.getId())
                .attribute("lock", lock.getId()).attribute("cause", report.cause().name())
                .attribute("error", report.errorCode()).attribute("receipt_counter", counter)
                .attribute("care_unit", member.getCareUnitId()).build());
        return deviation;
    }

    /** The newest deviations a manager follows up (their units'), or an auditor or administrator reads (all). */
    @Transactional(readOnly = true)
    public List<Row> list(Actor actor) {
        List<Deviation> found = switch (actor.role()) {
            case MANAGER -> deviations.findTop200ByCareUnitIdInOrderByReportedAtDesc(actor.careUnits());
            case AUDITOR, ADMIN -> deviations.findTop200ByOrderByReportedAtDesc();
            case STAFF -> {
                guard.refuse(actor, "deviation", "*", "READ", "NOT_A_MANAGER");
                yield List.of();
            }
        };
        Map<UUID, String> doorOfLock = new HashMap<>();
        Map<UUID, String> reporters = new HashMap<>();
        return found.stream().map(d -> new Row(d, doorOfLock.computeIfAbsent(d.getLockId(), this::doorLabel),
                reporters.computeIfAbsent(d.getStaffMemberId(), this::reporter))).toList();
    }

    /** A deviation with its door's label and its reporter's name. */
    @Transactional(readOnly = true)
    public Row row(Deviation d) {
        return new Row(d, doorLabel(d.getLockId()), reporter(d.getStaffMemberId()));
    }

    private String doorLabel(UUID lockId) {
        return locks.findById(lockId).flatMap(l -> doors.findById(l.getDoorId())).map(Door::getLabel).orElse("");
    }

    private String reporter(UUID staffMemberId) {
        return staff.findById(staffMemberId).map(StaffMember::getDisplayName).orElse("");
    }

    /** What a manager does with a deviation. */
    public enum Step { ACKNOWLEDGE, ACTION, CLOSE }

    /** A manager of the reporter's unit takes the next step; {@code text} is what was done, for ACTION. */
    @Transactional
    public Deviation handle(Actor actor, UUID deviationId, Step step, String text, long expectedVersion) {
        Deviation deviation = deviations.findById(deviationId).orElseThrow(() -> new NotFoundException("deviation", deviationId));
        guard.requireAdministers(actor, Set.of(deviation.getCareUnitId()), "deviation", deviationId, "HANDLE_DEVIATION");
        Versions.require(deviation.getVersion(), expectedVersion);
        Instant now = clock.instant();
        String kind;
        switch (step) {
            case ACKNOWLEDGE -> {
                deviation.acknowledge(actor.pseudonym(), now);
                kind = "DEVIATION_ACKNOWLEDGED";
            }
            case ACTION -> {
                if (text == null || text.isBlank() || text.strip().length() > MAX_TEXT) {
                    throw new InvalidInputException("action", "say what was done, 1-" + MAX_TEXT + " characters");
                }
                deviation.recordAction(actor.pseudonym(), text.strip(), now);
                kind = "DEVIATION_ACTIONED";
            }
            default -> {
                deviation.close(actor.pseudonym(), now);
                kind = "DEVIATION_CLOSED";
            }
        }
        deviations.flush();
        audit.append(AuditEvent.of(kind, actor.pseudonym()).subject("deviation", deviationId)
                .attribute("cause", deviation.getCause().name()).build());
        return deviation;
    }

}
