package se.nyckelfri.access.resident;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.ScopeGuard;
import se.nyckelfri.access.organisation.CareUnits;
import se.nyckelfri.access.system.ConflictException;
import se.nyckelfri.access.system.InvalidInputException;
import se.nyckelfri.access.system.NotFoundException;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;

/**
 * Who may start serving a resident that other care units already serve. Knowing a personal identity number is not
 * enough: the asking unit's manager files a request, and a manager of a unit that already serves the resident (who
 * holds the resident's consent and knows whether it covers the new provider), or an administrator, approves or
 * declines it. Until approved, the asking unit learns nothing of the resident but that the number is registered.
 * Every step is an audit entry; every refusal is recorded.
 */
@Service
public class ServiceRequestService {

    private final ServiceRequests requests;
    private final Residents residents;
    private final Consents consents;
    private final CareUnits units;
    private final PersonalDataSealer sealer;
    private final ScopeGuard guard;
    private final AuditLog audit;
    private final Clock clock;

    ServiceRequestService(ServiceRequests requests, Residents residents, Consents consents, CareUnits units,
                          PersonalDataSealer sealer, ScopeGuard guard, AuditLog audit, Clock clock) {
        this.requests = requests;
        this.residents = residents;
        this.consents = consents;
        this.units = units;
        this.sealer = sealer;
        this.guard = guard;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A request as {@code reader} may see it: the resident is named (by id and pseudonym) only to those who may
     * read the resident: units already serving them, auditors, administrators, and the asking unit once approved.
     */
    public record Seen(ServiceRequest request, UUID residentId, String residentPseudonym, boolean incoming) { }

    @Transactional
    public Seen request(Actor actor, PersonalIdentityNumber pin, UUID careUnitId) {
        units.requireExists(careUnitId);
        guard.requireAdministers(actor, Set.of(careUnitId), "care_unit", careUnitId, "REQUEST_SERVICE");
        Resident resident = residents.findByPinLookup(sealer.lookupKey(pin))
                .orElseThrow(() -> new NotFoundException("resident", "with this personal identity number"));
        if (resident.getCareUnitIds().contains(careUnitId)) {
            throw new ConflictException("ALREADY_SERVED", "This care unit already serves the resident.");
        }
        if (requests.existsByResidentIdAndCareUnitIdAndStatus(resident.getId(), careUnitId, ServiceRequest.Status.PENDING)) {
            throw new ConflictException("SERVICE_REQUEST_PENDING",
                    "This care unit has already asked to serve the resident; a unit serving them decides.");
        }
        ServiceRequest request = requests.save(new ServiceRequest(resident.getId(), careUnitId, actor.pseudonym(), clock.instant()));
        audit.append(AuditEvent.of("SERVICE_REQUESTED", actor.pseudonym())
                .subject("resident", resident.getPseudonym())
                .attribute("request", request.getId()).attribute("care_unit", careUnitId).build());
        requests.flush();
        return seen(actor, request);
    }

    /** Requests a unit made and requests about the residents it serves, newest first. */
    @Transactional(readOnly = true)
    public List<Seen> concerning(Actor actor, UUID careUnitId) {
        guard.requireMayRead(actor, Set.of(careUnitId), "care_unit", careUnitId);
        return requests.findConcerning(careUnitId).stream().map(r -> seen(actor, r)).toList();
    }

    @Transactional
    public Seen approve(Actor actor, UUID requestId, boolean consentCoversProvider) {
        ServiceRequest request = find(requestId);
        Resident resident = resident(request);
        guard.requireAdministers(actor, resident.getCareUnitIds(), "service_request", requestId, "APPROVE_SERVICE_REQUEST");
        if (!consentCoversProvider) {
            throw new InvalidInputException("consentCoversProvider",
                    "must be true: confirm that the resident's consent covers the new care unit's provider");
        }
        if (!consents.existsByResidentIdAndWithdrawnAtIsNull(resident.getId())) {
            throw new ConflictException("NO_CONSENT",
                    "The resident has no active consent to a digital lock; record it before another unit may serve them.");
        }
        request.approve(actor.pseudonym(), clock.instant());
        resident.addCareUnit(request.getCareUnitId());
        audit.append(AuditEvent.of("SERVICE_REQUEST_APPROVED", actor.pseudonym())
                .subject("resident", resident.getPseudonym())
                .attribute("request", requestId).attribute("care_unit", request.getCareUnitId())
                .attribute("requested_by", request.getRequestedBy()).attribute("consent_covers_provider", true).build());
        audit.append(AuditEvent.of("RESIDENT_CARE_UNIT_ADDED", actor.pseudonym())
                .subject("resident", resident.getPseudonym())
                .attribute("care_unit", request.getCareUnitId()).attribute("request", requestId).build());
        requests.flush();
        residents.flush();
        return seen(actor, request);
    }

    @Transactional
    public Seen decline(Actor actor, UUID requestId, String reason) {
        ServiceRequest request = find(requestId);
        Resident resident = resident(request);
        guard.requireAdministers(actor, resident.getCareUnitIds(), "service_request", requestId, "DECLINE_SERVICE_REQUEST");
        request.decline(actor.pseudonym(), reason, clock.instant());
        audit.append(AuditEvent.of("SERVICE_REQUEST_DECLINED", actor.pseudonym())
                .subject("resident", resident.getPseudonym())
                .attribute("request", requestId).attribute("care_unit", request.getCareUnitId()).build());
        requests.flush();
        return seen(actor, request);
    }

    private ServiceRequest find(UUID id) {
        return requests.findById(id).orElseThrow(() -> new NotFoundException("service request", id));
    }

    private Resident resident(ServiceRequest request) {
        return residents.findById(request.getResidentId()).orElseThrow();
    }

    private Seen seen(Actor actor, ServiceRequest request) {
        Resident resident = resident(request);
        if (actor.mayRead(resident.getCareUnitIds())) {
            boolean incoming = !actor.administers(Set.of(request.getCareUnitId()));
            return new Seen(request, resident.getId(), resident.getPseudonym(), incoming);
        }
        return new Seen(request, null, null, false);
    }
}
