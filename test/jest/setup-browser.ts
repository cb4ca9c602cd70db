// Browser walks go through many pages against the real engine.
jest.setTimeout(180000);
