package se.nyckelfri.access.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.OutOfScopeException;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.grant.GrantService;
import se.nyckelfri.access.lockupdate.LockUpdates;
import se.nyckelfri.access.offline.OfflineSync;
import se.nyckelfri.access.staff.StaffService;
import se.nyckelfri.access.system.ConflictException;
import se.nyckelfri.access.system.InvalidInputException;
import se.nyckelfri.access.system.NotFoundException;
import se.nyckelfri.access.testsupport.AccessModuleTest;
import se.nyckelfri.access.testsupport.TestGrants;
import se.nyckelfri.access.testsupport.TestWorlds;
import se.nyckelfri.keyissuer.keys.IssuerKeyRing;
import se.nyckelfri.lock.fixtures.issuer.TestDevice;
import se.nyckelfri.lock.protocol.update.LockUpdates.Revocation;
import se.nyckelfri.lock.protocol.update.LockUpdates.RevocationKind;

/**
 * Staff phones in the access service's own module test: registered by their holder only, blocked by holder or a
 * manager of their unit and nobody else, all blocked when employment ends, and the block in the locks' next
 * revocation list while offline credentials issued to them are valid.
 */
class DeviceServiceTest extends AccessModuleTest {

    private static final Actor ADMIN = new Actor("admin:device-test", "U-DEVICE-TEST", Role.ADMIN, Set.of(), null);

    @Autowired
    DeviceService devices;
    @Autowired
    OfflineSync offline;
    @Autowired
    LockUpdates updates;
    @Autowired
    StaffService staff;
    @Autowired
    GrantService grants;
    @Autowired
    IssuerKeyRing issuerKeys;

    private static Actor staffOf(TestWorlds.Unit unit) {
        return new Actor(unit.staff(), "S-DEV" + unit.staffId().toString().substring(0, 6), Role.STAFF, Set.of(), unit.staffId());
    }

    private static Actor managerOf(TestWorlds.Unit unit) {
        return new Actor(unit.manager(), "U-MGR" + unit.id().toString().substring(0, 6), Role.MANAGER, Set.of(unit.id()), null);
    }

    @Test
    void registerWhenOwnKeyThenListedAndNobodyElsesToBlockButTheHoldersAndTheirManagers() {
        TestWorlds.World world = worlds.create();
        Actor holder = staffOf(world.a());
        TestDevice phone = new TestDevice();
        StaffDevice device = devices.register(holder, "Jobbtelefon", phone.compressed());
        assertThat(devices.mine(holder)).extracting(StaffDevice::getId).containsExactly(device.getId());
        assertThat(device.getKeyId()).isEqualTo(phone.keyId());
        assertThatThrownBy(() -> devices.register(holder, "Igen", phone.compressed()))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.code()).isEqualTo("DEVICE_KEY_KNOWN"));
        byte[] notAPoint = new byte[33];
        notAPoint[0] = 4;
        assertThatThrownBy(() -> devices.register(holder, "Trasig", notAPoint)).isInstanceOf(InvalidInputException.class);

        long version = device.getVersion();
        assertThatThrownBy(() -> devices.block(staffOf(world.b()), device.getId(), "Not mine", version))
                .as("another staff member").isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> devices.block(managerOf(world.b()), device.getId(), "Not my unit", version))
                .as("another unit's manager").isInstanceOf(OutOfScopeException.class);
        assertThat(devices.block(managerOf(world.a()), device.getId(), "Borttappad", version).isBlocked()).isTrue();
        assertThatThrownBy(() -> offline.sync(holder, device.getId()))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.code()).isEqualTo("DEVICE_BLOCKED"));
    }

    @Test
    void endEmploymentWhenPhonesCarryOfflineCredentialsThenEveryPhoneBlockedAndNamedInTheNextRevocationList() {
        TestWorlds.World world = worlds.create();
        grants.grant(ADMIN, TestGrants.recurring().everyDay("00:00-23:59").to(world.a()).request());
        Actor holder = staffOf(world.a());
        TestDevice work = new TestDevice();
        TestDevice spare = new TestDevice();
        StaffDevice first = devices.register(holder, "Jobbtelefon", work.compressed());
        StaffDevice second = devices.register(holder, "Reserv", spare.compressed());
        assertThat(offline.sync(holder, first.getId())).isNotEmpty();
        assertThat(offline.sync(holder, second.getId())).isNotEmpty();
        long before = updates.newest().revocationVersion();

        staff.endEmployment(ADMIN, world.a().staffId(), staff.get(ADMIN, world.a().staffId()).getVersion());

        assertThat(devices.ofStaff(ADMIN, world.a().staffId())).allMatch(StaffDevice::isBlocked).hasSize(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> updates.newest().revocationVersion() > before);
        LockUpdates.Newest newest = updates.newest();
        List<Revocation> entries = se.nyckelfri.lock.protocol.update.LockUpdates.revocations(newest.revocations(),
                kid -> issuerKeys.trusted(kid).orElse(null)).update().entries();
        assertThat(entries).anyMatch(r -> r.names(RevocationKind.DEVICE_KEY, work.keyId()))
                .anyMatch(r -> r.names(RevocationKind.DEVICE_KEY, spare.keyId()));
    }
}
