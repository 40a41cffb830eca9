package se.nyckelfri.access.resident;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.ScopeGuard;
import se.nyckelfri.access.organisation.CareUnits;
import se.nyckelfri.access.system.ConflictException;
import se.nyckelfri.access.system.InvalidInputException;
import se.nyckelfri.access.system.NotFoundException;
import se.nyckelfri.access.system.Pseudonyms;
import se.nyckelfri.access.system.Versions;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;

/** Registering residents, the units serving them, and their consent; every change audited by pseudonym. */
@Service
public class ResidentService {

    static final String NAME = "name";
    static final String PIN = "personal_identity_number";
    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    private final Residents residents;
    private final Consents consents;
    private final CareUnits units;
    private final PersonalDataSealer sealer;
    private final ScopeGuard guard;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ResidentService(Residents residents, Consents consents, CareUnits units, PersonalDataSealer sealer,
                    ScopeGuard guard, AuditLog audit, ApplicationEventPublisher events, Clock clock) {
        this.residents = residents;
        this.consents = consents;
        this.units = units;
        this.sealer = sealer;
        this.guard = guard;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** A resident with the personal data opened, for someone allowed to see it. */
    public record ResidentDetails(Resident resident, String name, String maskedPersonalIdentityNumber,
                                  boolean consentActive) { }

    @Transactional
    public ResidentDetails register(Actor actor, String name, PersonalIdentityNumber pin, Set<UUID> careUnitIds) {
        for (UUID unit : careUnitIds) {
            units.requireExists(unit);
            guard.requireAdministers(actor, Set.of(unit), "care_unit", unit, "REGISTER_RESIDENT");
        }
        byte[] lookup = sealer.lookupKey(pin);
        if (residents.findByPinLookup(lookup).isPresent()) {
            throw new ConflictException("RESIDENT_EXISTS",
                    "A resident with this personal identity number is already registered; ask to serve them instead.");
        }
        UUID id = UUID.randomUUID();
        Resident resident = residents.save(new Resident(id, Pseudonyms.next('R'), sealer.seal(id, NAME, name),
                sealer.seal(id, PIN, pin.digits()), lookup, careUnitIds, clock.instant()));
        audit.append(AuditEvent.of("RESIDENT_REGISTERED", actor.pseudonym())
                .subject("resident", resident.getPseudonym())
                .attribute("care_units", careUnitIds.stream().sorted().toList()).build());
        return details(resident);
    }

    @Transactional(readOnly = true)
    public ResidentDetails get(Actor actor, UUID id) {
        Resident resident = find(id);
        guard.requireMayRead(actor, resident.getCareUnitIds(), "resident", id);
        return details(resident);
    }

    @Transactional(readOnly = true)
    public List<ResidentDetails> servedBy(Actor actor, UUID careUnitId) {
        guard.requireMayRead(actor, Set.of(careUnitId), "care_unit", careUnitId);
        return residents.findServedBy(careUnitId).stream().map(this::details).toList();
    }

    /**
     * What a search by personal identity number may tell the caller: the resident's id and pseudonym when the caller
     * may read them; otherwise only that the number is registered (enough to ask to serve them, see
     * {@link ServiceRequestService}).
     */
    public record Lookup(Resident resident, boolean servedByCallersUnits) { }

    /** Finds a resident by personal identity number; the lookup itself is audited, with what it revealed. */
    @Transactional
    public Optional<Lookup> findByNumber(Actor actor, PersonalIdentityNumber pin) {
        Optional<Resident> found = residents.findByPinLookup(sealer.lookupKey(pin));
        boolean inScope = found.map(r -> actor.mayRead(r.getCareUnitIds())).orElse(false);
        audit.append(AuditEvent.of("RESIDENT_LOOKUP", actor.pseudonym())
                .subject("resident", found.map(Resident::getPseudonym).orElse("none"))
                .outcome(found.isEmpty() ? "NOT_FOUND" : inScope ? "FOUND" : "FOUND_OUTSIDE_SCOPE", null).build());
        return found.map(r -> new Lookup(r, inScope));
    }

    /**
     * Another of the caller's own units starts serving a resident: the caller must administer both the new unit and
     * a unit already serving the resident (a coordinator of several units), or be an administrator. Any other unit
     * asks instead ({@link ServiceRequestService}): knowing a personal identity number gives no access.
     */
    @Transactional
    public ResidentDetails addCareUnit(Actor actor, UUID residentId, UUID careUnitId) {
        units.requireExists(careUnitId);
        guard.requireAdministers(actor, Set.of(careUnitId), "care_unit", careUnitId, "SERVE_RESIDENT");
        Resident resident = find(residentId);
        guard.requireAdministers(actor, resident.getCareUnitIds(), "resident", residentId, "SERVE_RESIDENT");
        resident.addCareUnit(careUnitId);
        audit.append(AuditEvent.of("RESIDENT_CARE_UNIT_ADDED", actor.pseudonym())
                .subject("resident", resident.getPseudonym()).attribute("care_unit", careUnitId).build());
        residents.flush();
        return details(resident);
    }

    @Transactional
    public ResidentDetails rename(Actor actor, UUID id, String name, long expectedVersion) {
        Resident resident = find(id);
        guard.requireAdministers(actor, resident.getCareUnitIds(), "resident", id, "RENAME_RESIDENT");
        Versions.require(resident.getVersion(), expectedVersion);
        resident.reseal(sealer.seal(id, NAME, name));
        // The name itself never enters the log: the entry says who renamed whom, and when.
        audit.append(AuditEvent.of("RESIDENT_RENAMED", actor.pseudonym()).subject("resident", resident.getPseudonym()).build());
        residents.flush();
        return details(resident);
    }

    @Transactional
    public Consent recordConsent(Actor actor, UUID residentId, Consent.GivenBy givenBy, LocalDate givenOn) {
        Resident resident = find(residentId);
        guard.requireAdministers(actor, resident.getCareUnitIds(), "resident", residentId, "RECORD_CONSENT");
        if (givenOn.isAfter(LocalDate.now(clock.withZone(STOCKHOLM)))) {
            throw new InvalidInputException("givenOn", "must not be in the future");
        }
        if (consents.existsByResidentIdAndWithdrawnAtIsNull(residentId)) {
            throw new ConflictException("CONSENT_ALREADY_ACTIVE", "The resident already has an active consent.");
        }
        Consent consent = consents.save(new Consent(residentId, givenBy, givenOn, actor.pseudonym(), clock.instant()));
        audit.append(AuditEvent.of("CONSENT_RECORDED", actor.pseudonym())
                .subject("resident", resident.getPseudonym())
                .attribute("consent", consent.getId()).attribute("given_by", givenBy).build());
        consents.flush();
        return consent;
    }

    /** Withdraws consent now: from this commit on, no grant for the resident opens anything. */
    @Transactional
    public Consent withdrawConsent(Actor actor, UUID residentId, UUID consentId, String reason, long expectedVersion) {
        Resident resident = find(residentId);
        guard.requireAdministers(actor, resident.getCareUnitIds(), "resident", residentId, "WITHDRAW_CONSENT");
        Consent consent = consents.findById(consentId)
                .filter(c -> c.getResidentId().equals(residentId))
                .orElseThrow(() -> new NotFoundException("consent", consentId));
        Versions.require(consent.getVersion(), expectedVersion);
        consent.withdraw(actor.pseudonym(), reason, clock.instant());
        audit.append(AuditEvent.of("CONSENT_WITHDRAWN", actor.pseudonym())
                .subject("resident", resident.getPseudonym()).attribute("consent", consentId).build());
        events.publishEvent(new ConsentWithdrawn(residentId, clock.instant()));
        consents.flush();
        return consent;
    }

    @Transactional(readOnly = true)
    public List<Consent> consents(Actor actor, UUID residentId) {
        Resident resident = find(residentId);
        guard.requireMayRead(actor, resident.getCareUnitIds(), "resident", residentId);
        return consents.findByResidentIdOrderByRecordedAt(residentId);
    }

    /**
     * The resident's name, for the staff member about to visit. No scope check here: the caller MUST have
     * established that the staff member holds a live grant for this resident.
     */
    public String nameForVisit(Resident r) {
        return sealer.open(r.getId(), NAME, r.getNameSealed());
    }

    /** A resident found by name: who, by pseudonym, and the name. */
    public record Named(Resident resident, String name) { }

    /**
     * Residents whose name contains {@code term} (ignoring case), at most {@code limit}, by name. Names are stored only
     * sealed, so each is opened to compare: for an auditor's look-up, not for a busy path. No scope check: the caller
     * MUST be an auditor or administrator, and MUST record the look-up.
     */
    @Transactional(readOnly = true)
    public List<Named> byName(String term, int limit) {
        String wanted = term.toLowerCase(java.util.Locale.ROOT);
        return residents.findAll().stream()
                .map(r -> new Named(r, sealer.open(r.getId(), NAME, r.getNameSealed())))
                .filter(n -> n.name().toLowerCase(java.util.Locale.ROOT).contains(wanted))
                .sorted(java.util.Comparator.comparing(Named::name)).limit(limit).toList();
    }

    /** The resident {@code id}, or 404. No scope check: callers check. */
    public Resident find(UUID id) {
        return residents.findById(id).orElseThrow(() -> new NotFoundException("resident", id));
    }

    private ResidentDetails details(Resident r) {
        String pin = sealer.open(r.getId(), PIN, r.getPinSealed());
        return new ResidentDetails(r, sealer.open(r.getId(), NAME, r.getNameSealed()),
                pin.substring(0, 8) + "-****", consents.existsByResidentIdAndWithdrawnAtIsNull(r.getId()));
    }
}
