package se.nyckelfri.district.homes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import se.nyckelfri.access.unlocking.GatewayCredentials;
import se.nyckelfri.access.premises.LockDevice;
import se.nyckelfri.access.premises.LockDevices;
import se.nyckelfri.gateway.bluetooth.BluetoothLockLink;
import se.nyckelfri.gateway.bluetooth.LockLink;
import se.nyckelfri.gateway.journal.ReceiptJournal;
import se.nyckelfri.gateway.mqtt.GatewayRelay;
import se.nyckelfri.keyissuer.keys.IssuerKeyRing;
import se.nyckelfri.keyissuer.keys.TrustRoot;
import se.nyckelfri.lock.fixtures.bluetooth.BluetoothEmulator;
import se.nyckelfri.lock.fixtures.bluetooth.EmulatedLockService;
import se.nyckelfri.lock.fixtures.firmware.Flash;
import se.nyckelfri.lock.fixtures.firmware.SimulatedLock;
import se.nyckelfri.platform.broker.EmbeddedBroker;

/**
 * Brings the demo district to life after the demo data exists: for each gateway (up to
 * {@code nyckelfri.district.homes}) a real {@link GatewayRelay} on its own emulated Bluetooth adapter, and for each
 * of its simulated locks a {@link SimulatedLock} on the air, its key provisioned from the key the demo registered
 * and its state (counter, receipts, bolt) kept under {@code <data-dir>/district/}. Locks trust the issuer's keys as
 * commissioning would have installed them. Off unless demo mode is on and the broker is embedded.
 */
@Component
@Conditional(SimulatedDistrictCondition.class)
@Order(2)
class SimulatedDistrict implements ApplicationRunner, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SimulatedDistrict.class);
    private final LockDevices locks;
    private final IssuerKeyRing issuerKeys;
    private final TrustRoot trustRoot;
    private final GatewayCredentials credentials;
    private final EmbeddedBroker broker;
    private final Path dataDir;
    private final int homes;
    private final List<AutoCloseable> running = new ArrayList<>();

    SimulatedDistrict(LockDevices locks, IssuerKeyRing issuerKeys, TrustRoot trustRoot, GatewayCredentials credentials, EmbeddedBroker broker,
                      @Value("${nyckelfri.data-dir}") Path dataDir, @Value("${nyckelfri.district.homes:100}") int homes) {
        this.locks = locks;
        this.issuerKeys = issuerKeys;
        this.trustRoot = trustRoot;
        this.credentials = credentials;
        this.broker = broker;
        this.dataDir = dataDir;
        this.homes = homes;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        long started = System.nanoTime();
        Map<UUID, Map<UUID, String>> locksByGateway = new LinkedHashMap<>();
        for (LockDevice lock : locks.findReachableOfVendor("nyckelfri-sim")) {
            locksByGateway.computeIfAbsent(lock.getGatewayId(), g -> new LinkedHashMap<>()).put(lock.getId(), lock.getVendorLockId());
        }
        int gateways = 0;
        int locks = 0;
        for (Map.Entry<UUID, Map<UUID, String>> home : locksByGateway.entrySet()) {
            if (gateways == homes) {
                break;
            }
            Map<UUID, LockLink> links = new HashMap<>();
            for (Map.Entry<UUID, String> lock : home.getValue().entrySet()) {
                EmulatedLockService onAir = EmulatedLockService.start(simulatedLock(lock.getKey(), lock.getValue()));
                running.add(onAir);
                // One emulated adapter per lock link: bluecove-emu loses connection handles when one emulated device
                // holds several outgoing connections (see docs/design/gateway-link.md).
                links.put(lock.getKey(), new BluetoothLockLink(onAir.url(), BluetoothEmulator.newAdapter()));
                locks++;
            }
            GatewayRelay relay = new GatewayRelay(new GatewayRelay.Settings(home.getKey(), "127.0.0.1", broker.port(),
                    credentials.passwordFor(home.getKey().toString()),
                    new ReceiptJournal(dataDir.resolve("district/gateways/" + home.getKey() + "/journal")), Duration.ofSeconds(5)),
                    links);
            relay.start();
            running.add(relay);
            gateways++;
        }
        log.info("Simulated district on the air: {} gateways, {} locks, in {} ms", gateways, locks,
                (System.nanoTime() - started) / 1_000_000);
    }

    private SimulatedLock simulatedLock(UUID lockId, String vendorLockId) throws Exception {
        Flash flash = Flash.directory(dataDir.resolve("district/locks/" + vendorLockId));
        if (flash.read("key").isEmpty()) {
            Path keys = dataDir.resolve("keys/demo-locks");
            KeyFactory ec = KeyFactory.getInstance("EC");
            SimulatedLock.provision(flash, new KeyPair(
                    ec.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(keys.resolve(vendorLockId + ".pub")))),
                    ec.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(keys.resolve(vendorLockId + ".p8"))))));
        }
        // Commissioned with the issuer keys the key ring trusts and with the trust root; once the first trust-anchor
        // update has reached the lock, only the keys such updates name count.
        return new SimulatedLock(lockId, flash, Clock.systemUTC(), kid -> issuerKeys.trusted(kid).orElse(null),
                trustRoot.publicKey());
    }

    @Override
    public void destroy() {
        for (AutoCloseable part : running) {
            try {
                part.close();
            } catch (Exception e) {
                log.debug("stopping the district: {}", e.getMessage());
            }
        }
    }
}
