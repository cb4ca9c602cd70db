// Integration and end-to-end tests talk to real PostgreSQL and Redis.
jest.setTimeout(60000);
