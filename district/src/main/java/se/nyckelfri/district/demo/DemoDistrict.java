package se.nyckelfri.district.demo;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Conditional;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import se.nyckelfri.access.actor.Accounts;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.grant.AccessGrant;
import se.nyckelfri.access.grant.GrantKind;
import se.nyckelfri.access.grant.GrantService;
import se.nyckelfri.access.grant.Schedule;
import se.nyckelfri.access.grant.WeeklyWindow;
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
import se.nyckelfri.access.system.SecretFiles;
import se.nyckelfri.lock.protocol.cose.P256;
import se.nyckelfri.platform.identity.LoginCredentials;

/**
 * Fills an empty database with a believable (fictional) district, through the same services the API uses, so
 * every demo record has its audit trail. Runs once: a database that already has an organisation is left alone.
 * The demo locks' private keys go to {@code <data-dir>/keys/demo-locks/} for the simulated locks.
 */
@Component
@Conditional(DemoDataCondition.class)
@org.springframework.core.annotation.Order(1)
class DemoDistrict implements ApplicationRunner {

    /** Every demo user's password. Demo mode only: an external database never gets demo users. */
    static final String DEMO_PASSWORD = "demo";
    private static final Logger log = LoggerFactory.getLogger(DemoDistrict.class);
    private static final Actor SYSTEM = new Actor("system:demo", "SYSTEM-DEMO", Role.ADMIN, Set.of(), null);
    private static final List<String> FIRST = List.of("Anna", "Erik", "Maria", "Lars", "Karin", "Anders", "Eva",
            "Johan", "Sara", "Per", "Lena", "Mikael", "Emma", "Nils", "Ingrid", "Olof", "Sofia", "Gustav", "Elin",
            "Ahmed", "Fatima", "Ali", "Amina", "Mehmet", "Leila", "Jonas", "Hanna", "Oskar", "Maja", "Viktor");
    private static final List<String> LAST = List.of("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson",
            "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson", "Lindqvist", "Berg", "Holm", "Nyström",
            "Lundgren", "Hassan", "Yilmaz", "Öberg", "Åkesson", "Ekström");
    private static final List<String> STREETS = List.of("Storgatan", "Kyrkvägen", "Skolgatan", "Ängsvägen",
            "Björkvägen", "Västra vägen", "Norrgatan", "Parkgatan", "Sjövägen", "Tallstigen");

    private final Municipalities municipalities;
    private final CareProviders providers;
    private final CareUnits units;
    private final StaffService staff;
    private final ResidentService residents;
    private final PremisesService premises;
    private final GrantService grants;
    private final Accounts accounts;
    private final LoginCredentials logins;
    private final PasswordEncoder passwords;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Path dataDir;
    private String demoPasswordHash;

    DemoDistrict(Municipalities municipalities, CareProviders providers, CareUnits units, StaffService staff,
                 ResidentService residents, PremisesService premises, GrantService grants, Accounts accounts,
                 LoginCredentials logins, PasswordEncoder passwords, PlatformTransactionManager transactions, Clock clock,
                 @Value("${nyckelfri.data-dir}") Path dataDir) {
        this.municipalities = municipalities;
        this.providers = providers;
        this.units = units;
        this.staff = staff;
        this.residents = residents;
        this.premises = premises;
        this.grants = grants;
        this.accounts = accounts;
        this.logins = logins;
        this.passwords = passwords;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.dataDir = dataDir;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (municipalities.count() > 0) {
            log.info("Demo district already present; leaving the data as it is");
            return;
        }
        long started = System.nanoTime();
        transaction.executeWithoutResult(status -> seed());
        log.warn("Demo district created in {} ms. Demo users (password '{}') are enabled: never use this mode "
                + "with real data", (System.nanoTime() - started) / 1_000_000, DEMO_PASSWORD);
    }

    private void seed() {
        Random random = new Random(2026);
        Municipality ekby = municipalities.saveAndFlush(new Municipality("Ekby kommun"));
        CareProvider municipal = providers.saveAndFlush(new CareProvider(ekby.getId(), "Ekby hemtjänst", CareProvider.Kind.MUNICIPAL));
        CareProvider lov = providers.saveAndFlush(new CareProvider(ekby.getId(), "Omsorgshuset Norr AB", CareProvider.Kind.PRIVATE_LOV));
        CareUnit centrum = units.saveAndFlush(new CareUnit(municipal.getId(), "Hemtjänst Centrum"));
        CareUnit vaster = units.saveAndFlush(new CareUnit(municipal.getId(), "Hemtjänst Väster"));
        CareUnit norr = units.saveAndFlush(new CareUnit(lov.getId(), "Omsorgshuset Norr"));
        List<CareUnit> allUnits = List.of(centrum, vaster, norr);
        CareProvider alarms = providers.saveAndFlush(new CareProvider(ekby.getId(), "Ekby trygghetslarm", CareProvider.Kind.ALARM_RESPONSE));
        CareUnit larm = units.saveAndFlush(new CareUnit(alarms.getId(), "Larmpatrullen"));

        account("admin", Role.ADMIN, null, Set.of());
        account("auditor", Role.AUDITOR, null, Set.of());
        account("manager.centrum", Role.MANAGER, null, Set.of(centrum.getId()));
        account("manager.vaster", Role.MANAGER, null, Set.of(vaster.getId()));
        account("manager.norr", Role.MANAGER, null, Set.of(norr.getId()));
        account("samordnare", Role.MANAGER, null, Set.of(centrum.getId(), vaster.getId()));
        account("manager.larm", Role.MANAGER, null, Set.of(larm.getId()));

        // 40 staff: 15 + 15 + 10.
        List<List<StaffMember>> staffByUnit = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Set<String> usernames = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            int unit = i < 15 ? 0 : i < 30 ? 1 : 2;
            String name = FIRST.get(i % FIRST.size()) + " " + LAST.get((i * 7) % LAST.size());
            StaffMember member = staff.add(SYSTEM, allUnits.get(unit).getId(), name);
            staffByUnit.get(unit).add(member);
            account(username(name, usernames), Role.STAFF, member.getId(), Set.of());
        }
        // Two alarm responders, who visit nobody on a schedule and enter a home when its safety alarm goes off.
        for (String name : List.of("Fredrik Lind", "Amira Saleh")) {
            StaffMember responder = staff.add(SYSTEM, larm.getId(), name);
            account(username(name, usernames), Role.STAFF, responder.getId(), Set.of());
        }

        // 30 residents: 12 + 10 + 8; the first four of Centrum are also served by the private provider, and every
        // resident of the municipal units has a safety alarm (trygghetslarm) answered by Larmpatrullen.
        List<UUID> residentIds = new ArrayList<>();
        List<Integer> residentUnit = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            int unit = i < 12 ? 0 : i < 22 ? 1 : 2;
            Set<UUID> servedBy = new LinkedHashSet<>(List.of(allUnits.get(unit).getId()));
            if (unit == 0 && i < 4) {
                servedBy.add(norr.getId());
            }
            if (unit < 2) {
                servedBy.add(larm.getId());
            }
            String name = FIRST.get((i * 11 + 3) % FIRST.size()) + " " + LAST.get((i * 3 + 5) % LAST.size());
            residentIds.add(residents.register(SYSTEM, name, personalIdentityNumber(random, i), servedBy).resident().getId());
            residentUnit.add(unit);
        }

        // Consent for all but two: one never gave it, one withdrew it.
        LocalDate today = LocalDate.now(clock.withZone(Schedule.ZONE));
        for (int i = 0; i < 30; i++) {
            if (i == 27) {
                continue;
            }
            Consent consent = residents.recordConsent(SYSTEM, residentIds.get(i),
                    i % 5 == 4 ? Consent.GivenBy.GUARDIAN : Consent.GivenBy.RESIDENT, today.minusDays(30 + i));
            if (i == 26) {
                residents.withdrawConsent(SYSTEM, residentIds.get(i), consent.getId(), "Resident asked for a key instead",
                        consent.getVersion());
            }
        }

        // A flat door, lock and gateway for every home; three shared entrances.
        int lockNumber = 0;
        for (int i = 0; i < 30; i++) {
            String address = STREETS.get(i % STREETS.size()) + " " + (3 + i / STREETS.size() * 2) + ", lgh " + (1101 + i);
            Gateway gateway = premises.registerGateway(SYSTEM, "GW-%04d".formatted(i + 1), address, null);
            Door door = premises.registerDoor(SYSTEM, Door.Kind.FLAT, address, Set.of(residentIds.get(i)));
            LockDevice lock = lock(door, gateway, ++lockNumber);
            if (i != 28) {
                premises.activate(SYSTEM, lock.getId(), lock.getVersion());
            }
        }
        int[][] entrances = {{0, 1, 2, 3, 4}, {12, 13, 14, 15}, {22, 23, 24}};
        for (int e = 0; e < entrances.length; e++) {
            Set<UUID> behind = new LinkedHashSet<>();
            for (int r : entrances[e]) {
                behind.add(residentIds.get(r));
            }
            String street = STREETS.get(entrances[e][0] % STREETS.size());
            Gateway gateway = premises.registerGateway(SYSTEM, "GW-P%02d".formatted(e + 1), street + " 3, entrance", null);
            Door door = premises.registerDoor(SYSTEM, Door.Kind.ENTRANCE, street + " 3, port", behind);
            LockDevice lock = lock(door, gateway, ++lockNumber);
            premises.activate(SYSTEM, lock.getId(), lock.getVersion());
        }

        // Grants: every resident's home unit as a team, daytime every day.
        Set<DayOfWeek> everyDay = EnumSet.allOf(DayOfWeek.class);
        Set<DayOfWeek> weekdays = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
        for (int i = 0; i < 30; i++) {
            if (i == 26 || i == 27) {
                continue;
            }
            recurring(residentIds.get(i), AccessGrant.Grantee.team(allUnits.get(residentUnit.get(i)).getId()),
                    windows(everyDay, "07:00", "22:00"), "Daytime home care");
        }
        // The private provider's lunch service for the four residents it shares with Centrum.
        for (int i = 0; i < 4; i++) {
            recurring(residentIds.get(i), AccessGrant.Grantee.team(norr.getId()), windows(weekdays, "11:30", "13:00"),
                    "Lunch (LOV)");
        }
        // Evening and night visits that run past midnight.
        for (int i = 12; i < 15; i++) {
            recurring(residentIds.get(i), AccessGrant.Grantee.team(vaster.getId()), windows(everyDay, "22:00", "06:00"),
                    "Night supervision");
        }
        // Larmpatrullen may enter the homes whose alarms it answers, in an emergency only: no visiting hours.
        for (int i = 0; i < 22; i++) {
            grants.grant(SYSTEM, new GrantService.GrantRequest(residentIds.get(i), AccessGrant.Grantee.team(larm.getId()),
                    GrantKind.EMERGENCY_ONLY, List.of(), null, null, null, null, "Safety alarm response"));
        }
        // Personal morning visits: each staff member two residents of their unit, weekdays 07:00-07:45.
        for (int unit = 0; unit < 3; unit++) {
            List<Integer> ofUnit = new ArrayList<>();
            for (int i = 0; i < 26; i++) {
                if (residentUnit.get(i) == unit) {
                    ofUnit.add(i);
                }
            }
            List<StaffMember> members = staffByUnit.get(unit);
            for (int s = 0; s < members.size(); s++) {
                for (int k = 0; k < 2; k++) {
                    UUID resident = residentIds.get(ofUnit.get((s * 2 + k) % ofUnit.size()));
                    recurring(resident, AccessGrant.Grantee.staff(members.get(s).getId()),
                            windows(weekdays, "07:00", "07:45"), "Morning visit");
                }
            }
        }
        // So that the README's walk-through opens a door at any hour: Anna may enter her first two residents' homes
        // around the clock (00:00-00:00 is the whole day).
        for (int k = 0; k < 2; k++) {
            recurring(residentIds.get(k), AccessGrant.Grantee.staff(staffByUnit.get(0).get(0).getId()),
                    windows(everyDay, "00:00", "00:00"), "Demo: around the clock");
        }
        // A one-off window next Saturday and a planned visit tomorrow morning; one grant revoked.
        ZonedDateTime saturday = today.with(TemporalAdjusters.next(DayOfWeek.SATURDAY)).atTime(10, 0).atZone(Schedule.ZONE);
        grants.grant(SYSTEM, new GrantService.GrantRequest(residentIds.get(5),
                AccessGrant.Grantee.staff(staffByUnit.get(0).get(3).getId()), GrantKind.ONE_OFF, List.of(),
                saturday.toInstant(), saturday.plusHours(2).toInstant(), null, null, "Substitute: weekend cleaning"));
        ZonedDateTime tomorrow = today.plusDays(1).atTime(9, 0).atZone(Schedule.ZONE);
        grants.grant(SYSTEM, new GrantService.GrantRequest(residentIds.get(16),
                AccessGrant.Grantee.staff(staffByUnit.get(1).get(2).getId()), GrantKind.PLANNED_VISIT, List.of(),
                null, null, tomorrow.toInstant(), 15, "Planned visit: medication"));
        AccessGrant revoked = recurring(residentIds.get(7), AccessGrant.Grantee.staff(staffByUnit.get(0).get(9).getId()),
                windows(weekdays, "18:00", "18:30"), "Evening visit");
        grants.revoke(SYSTEM, revoked.getId(), "Visit moved to another team");
    }

    private AccessGrant recurring(UUID resident, AccessGrant.Grantee grantee, List<WeeklyWindow> windows, String purpose) {
        return grants.grant(SYSTEM, new GrantService.GrantRequest(resident, grantee, GrantKind.RECURRING, windows,
                null, null, null, null, purpose));
    }

    private static List<WeeklyWindow> windows(Set<DayOfWeek> days, String start, String end) {
        return days.stream().map(d -> new WeeklyWindow(d, LocalTime.parse(start), LocalTime.parse(end))).toList();
    }

    private LockDevice lock(Door door, Gateway gateway, int number) {
        String vendorLockId = "DL-%04d".formatted(number);
        KeyPair pair = P256.generate();
        SecretFiles.loadOrCreate(dataDir.resolve("keys/demo-locks/" + vendorLockId + ".p8"), () -> pair.getPrivate().getEncoded());
        SecretFiles.loadOrCreate(dataDir.resolve("keys/demo-locks/" + vendorLockId + ".pub"), () -> pair.getPublic().getEncoded());
        return premises.registerLock(SYSTEM, door.getId(), "nyckelfri-sim", vendorLockId, pair.getPublic().getEncoded(),
                gateway.getId());
    }

    private void account(String username, Role role, UUID staffMemberId, Set<UUID> careUnits) {
        accounts.create(username, role == Role.STAFF ? null : Pseudonyms.next('U'), role, staffMemberId, careUnits);
        if (demoPasswordHash == null) {
            demoPasswordHash = passwords.encode(DEMO_PASSWORD); // one salted hash for all: every demo user has this password
        }
        logins.add(username, demoPasswordHash);
    }

    private static String username(String name, Set<String> taken) {
        String base = name.toLowerCase().replace(' ', '.').replace('å', 'a').replace('ä', 'a').replace('ö', 'o');
        String candidate = base;
        for (int n = 2; !taken.add(candidate); n++) {
            candidate = base + n;
        }
        return candidate;
    }

    /** A valid personal identity number of someone born 1928-1945 (fictional). */
    private static PersonalIdentityNumber personalIdentityNumber(Random random, int i) {
        String date = "%04d%02d%02d".formatted(1928 + random.nextInt(18), 1 + random.nextInt(12), 1 + random.nextInt(28));
        String serial = "%03d".formatted(100 + i * 7 % 900);
        String nine = date.substring(2) + serial;
        return PersonalIdentityNumber.parse(date + serial + PersonalIdentityNumber.checkDigit(nine), "demo");
    }

}
