// What the phone keeps between visits, in IndexedDB: its device key (a non-extractable WebCrypto key: the browser
// keeps the private half and will only sign with it), the last sync (device-bound credentials, useless without that
// key, and the signed lock updates to carry), the receipts of doors opened at the door, and the problems reported
// without a network, until they are sent.
const DB = 'nyckelfri-app';

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 2);
    request.onupgradeneeded = (event) => {
      const db = request.result;
      if (event.oldVersion < 1) {
        db.createObjectStore('devices', { keyPath: 'staffMemberId' });
        db.createObjectStore('syncs', { keyPath: 'staffMemberId' });
        db.createObjectStore('receipts', { keyPath: 'id', autoIncrement: true });
        db.createObjectStore('last', { keyPath: 'slot' });
      }
      if (event.oldVersion < 2) {
        db.createObjectStore('reports', { keyPath: 'id', autoIncrement: true }); // problems reported without a network
      }
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run(storeName, mode, action) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(storeName, mode);
      const result = action(tx.objectStore(storeName));
      tx.oncomplete = () => resolve(result.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export const store = {
  get: (name, key) => run(name, 'readonly', (s) => s.get(key)),
  put: (name, value) => run(name, 'readwrite', (s) => s.put(value)),
  remove: (name, key) => run(name, 'readwrite', (s) => s.delete(key)),
  all: (name) => run(name, 'readonly', (s) => s.getAll()),
};
