-- 0002_sandbox_profile: mark the profile that talks to the embedded simulator.
--
-- On later starts the app restarts the simulator for this profile (same keys from the
-- keychain, same state file) and points the profile at the simulator's new port.
-- At most one profile is the sandbox: the partial unique index makes a second one an
-- error instead of an ambiguity at start-up.

ALTER TABLE profiles ADD COLUMN is_sandbox INTEGER NOT NULL DEFAULT 0
    CHECK (is_sandbox IN (0, 1));

CREATE UNIQUE INDEX ux_profiles_one_sandbox ON profiles (is_sandbox) WHERE is_sandbox = 1;
