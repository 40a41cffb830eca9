package se.nyckelfri.access.testsupport;

import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import se.nyckelfri.access.actor.Accounts;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.organisation.CareProvider;
import se.nyckelfri.access.organisation.CareProviders;
import se.nyckelfri.access.organisation.CareUnit;
import se.nyckelfri.access.organisation.CareUnits;
import se.nyckelfri.access.organisation.Municipalities;
import se.nyckelfri.access.organisation.Municipality;
import se.nyckelfri.access.premises.Door;
import se.nyckelfri.access.premises.Gateway;
import se.nyckelfri.access.premises.LockDevice;
import se.nyckelfri.access.premises.PremisesService;
import se.nyckelfri.access.resident.Consent;
import se.nyckelfri.access.resident.PersonalIdentityNumber;
import se.nyckelfri.access.resident.ResidentService;
import se.nyckelfri.access.staff.StaffMember;
import se.nyckelfri.access.staff.StaffService;
import se.nyckelfri.access.system.Pseudonyms;
import se.nyckelfri.lock.fixtures.firmware.Flash;
import se.nyckelfri.lock.fixtures.firmware.SimulatedLock;
import se.nyckelfri.lock.protocol.cose.P256;

/**
 * Builds an isolated world for one test: a municipality with two care units A and B, a manager for each, an
 * admin and an auditor, one staff member and one consenting resident with an active flat-door lock in each unit.
 * No grants: tests make their own. Every subject name is unique, so worlds never collide in the shared database.
 */
public class TestWorlds {

    private static final Actor SYSTEM = new Actor("system:test", "SYSTEM-TEST", Role.ADMIN, Set.of(), null);
    private static int serial;

    private final Municipalities municipalities;
    private final CareProviders providers;
    private final CareUnits units;
    private final StaffService staff;
    private final ResidentService residents;
    private final PremisesService premises;
    private final Accounts accounts;
    private final TransactionTemplate transaction;

    public TestWorlds(Municipalities municipalities, CareProviders providers, CareUnits units, StaffService staff,
               ResidentService residents, PremisesService premises, Accounts accounts,
               PlatformTransactionManager transactions) {
        this.municipalities = municipalities;
        this.providers = providers;
        this.units = units;
        this.staff = staff;
        this.residents = residents;
        this.premises = premises;
        this.accounts = accounts;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** One care unit's part of a world. */
    public record Unit(UUID id, String manager, UUID staffId, String staff, UUID residentId, UUID consentId,
                       UUID doorId, UUID lockId) { }

    /** Subjects are account names to mint tokens for; ids are database ids. */
    public record World(Unit a, Unit b, String admin, String auditor) { }

    public World create() {
        return transaction.execute(status -> {
            String tag = UUID.randomUUID().toString().substring(0, 8);
            Municipality m = municipalities.saveAndFlush(new Municipality("Testby " + tag));
            CareProvider provider = providers.saveAndFlush(new CareProvider(m.getId(), "Provider " + tag, CareProvider.Kind.MUNICIPAL));
            Unit a = unit(provider, "A", tag);
            Unit b = unit(provider, "B", tag);
            String admin = "admin-" + tag;
            String auditor = "auditor-" + tag;
            accounts.create(admin, Pseudonyms.next('U'), Role.ADMIN, null, Set.of());
            accounts.create(auditor, Pseudonyms.next('U'), Role.AUDITOR, null, Set.of());
            return new World(a, b, admin, auditor);
        });
    }

    private Unit unit(CareProvider provider, String name, String tag) {
        CareUnit unit = units.saveAndFlush(new CareUnit(provider.getId(), "Unit " + name + " " + tag));
        String manager = "manager-" + name.toLowerCase() + "-" + tag;
        accounts.create(manager, Pseudonyms.next('U'), Role.MANAGER, null, Set.of(unit.getId()));
        StaffMember member = staff.add(SYSTEM, unit.getId(), "Staff " + name + " " + tag);
        String staffSubject = "staff-" + name.toLowerCase() + "-" + tag;
        accounts.create(staffSubject, null, Role.STAFF, member.getId(), Set.of());
        UUID resident = residents.register(SYSTEM, "Resident " + name + " " + tag, nextNumber(), Set.of(unit.getId()))
                .resident().getId();
        Consent consent = residents.recordConsent(SYSTEM, resident, Consent.GivenBy.RESIDENT, LocalDate.of(2026, 1, 1));
        Door door = premises.registerDoor(SYSTEM, Door.Kind.FLAT, "Testgatan 1 " + tag, Set.of(resident));
        LockDevice lock = premises.registerLock(SYSTEM, door.getId(), "test", "T-" + tag + name, p256PublicKey(), null);
        premises.activate(SYSTEM, lock.getId(), lock.getVersion());
        return new Unit(unit.getId(), manager, member.getId(), staffSubject, resident, consent.getId(), door.getId(),
                lock.getId());
    }

    /** A home on the air: its gateway, and its lock as the lock firmware model (with its own key). */
    public record Home(UUID gatewayId, SimulatedLock lock) { }

    /**
     * Gives {@code unit}'s resident a flat door at {@code address} with an active lock behind a gateway of its own, and
     * that lock as a simulated lock trusting {@code issuerKeys} (by COSE key id): what every test of the whole unlock
     * path starts from. Put it on the air (emulated Bluetooth, an in-memory fleet) as the test needs.
     */
    public Home home(Unit unit, String address, Function<byte[], PublicKey> issuerKeys) {
        return home(unit, address, issuerKeys, null);
    }

    /** The same home, its lock commissioned with the locks' {@code trustRoot} too (trust-anchor updates apply). */
    public Home home(Unit unit, String address, Function<byte[], PublicKey> issuerKeys, PublicKey trustRoot) {
        KeyPair lockKey = P256.generate();
        Gateway gateway = premises.registerGateway(SYSTEM, "GW-" + UUID.randomUUID(), address, null);
        Door door = premises.registerDoor(SYSTEM, Door.Kind.FLAT, address + ", lgh 1001", Set.of(unit.residentId()));
        LockDevice device = premises.registerLock(SYSTEM, door.getId(), "nyckelfri-sim", "SIM-" + UUID.randomUUID(),
                lockKey.getPublic().getEncoded(), gateway.getId());
        premises.activate(SYSTEM, device.getId(), device.getVersion());
        Flash flash = Flash.inMemory();
        SimulatedLock.provision(flash, lockKey);
        return new Home(gateway.getId(), new SimulatedLock(device.getId(), flash, Clock.systemUTC(), issuerKeys, trustRoot));
    }

    /** A fresh valid personal identity number (fictional, born in the 1930s). */
    public static synchronized PersonalIdentityNumber nextNumber() {
        int n = serial++;
        String date = LocalDate.of(1930, 1, 1).plusDays(n / 900).toString().replace("-", "");
        String nine = date.substring(2) + (100 + n % 900);
        return PersonalIdentityNumber.parse(date + (100 + n % 900) + PersonalIdentityNumber.checkDigit(nine), "test");
    }

    public static byte[] p256PublicKey() {
        return P256.generate().getPublic().getEncoded();
    }
}
