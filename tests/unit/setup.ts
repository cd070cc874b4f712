// IndexedDB for Node: every database test runs against fake-indexeddb.
import 'fake-indexeddb/auto';
