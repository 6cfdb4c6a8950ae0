// Starts @seamapi/fake-seam-connect (pinned in package.json) as an end-to-end
// test peer for the Rust client's tests.
//
// * Uses the package's library API (createFake / database / startServer), not
//   its CLI, which listens on every interface.
// * Listens on 127.0.0.1 only, on a port the OS picks.
// * Seeds its own workspace, API key, connected accounts and devices (UUID ids,
//   because the Seam API documents ids as UUIDs).
// * Prints exactly one line of JSON on stdout describing the seed, then keeps
//   serving until stdin reaches EOF (the parent went away) or it gets
//   SIGTERM / SIGINT. Pass --ignore-stdin to keep it running with stdin closed
//   (e.g. `node fake-seam.mjs --ignore-stdin </dev/null &`).
//
// Everything else the process or the fake logs goes to stderr, so stdout
// carries nothing but that one line.

import { Console } from 'node:console'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import process from 'node:process'

// With --default-seed, the fake's own default seed (`fake.seed()`: workspace
// `seed_workspace_1`, key `seam_apikey1_token`, locks, a thermostat, a noise
// sensor, an ACS system, a bridge client session, ...) is loaded too, plus the
// extra resources `seedEndpoints` adds, for the tests that call every endpoint.
// Its ids are the fake's own (`august_device_1`, `acs_user1`), not UUIDs.
const withDefaultSeed = process.argv.includes('--default-seed')

// Route console output (including the fake's logger, which writes through the
// global console) to stderr before the fake is loaded.
const jsonOut = process.stdout
globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr })

const HOST = '127.0.0.1'

const { createFake } = await import('@seamapi/fake-seam-connect')

// Fixed ids keep runs reproducible; each fake is its own process and
// database, so fakes started in parallel do not clash.
const ids = {
  workspace_id: '5b9f1c2e-0e0a-4c1a-9d51-6a1f6b7e0001',
  other_workspace_id: '5b9f1c2e-0e0a-4c1a-9d51-6a1f6b7e0002',
  connected_account_ids: [
    '8d3c2b1a-7e6f-4a5b-9c8d-0e1f2a3b0001',
    '8d3c2b1a-7e6f-4a5b-9c8d-0e1f2a3b0002',
  ],
  other_connected_account_id: '8d3c2b1a-7e6f-4a5b-9c8d-0e1f2a3b0003',
  device_ids: [
    'c0ffee00-1234-4abc-8def-000000000001',
    'c0ffee00-1234-4abc-8def-000000000002',
    'c0ffee00-1234-4abc-8def-000000000003',
  ],
}
const API_KEY = 'seam_e2etest1_fakeSeamConnectKey1'
const OTHER_API_KEY = 'seam_e2etest2_fakeSeamConnectKey2'

const seedDatabase = (db) => {
  db.addWorkspace({
    name: 'Rust client e2e workspace',
    workspace_id: ids.workspace_id,
    is_sandbox: true,
  })
  const apiKey = db.addApiKey({
    name: 'Rust client e2e key',
    token: API_KEY,
    workspace_id: ids.workspace_id,
  })

  // A second workspace with its own key and account: requests made with
  // API_KEY must never see it (workspace scoping).
  db.addWorkspace({
    name: 'Other workspace',
    workspace_id: ids.other_workspace_id,
    is_sandbox: true,
  })
  db.addApiKey({
    name: 'Other workspace key',
    token: OTHER_API_KEY,
    workspace_id: ids.other_workspace_id,
  })
  db.addConnectedAccount({
    provider: 'august',
    workspace_id: ids.other_workspace_id,
    user_identifier: { email: 'other@example.com' },
    connected_account_id: ids.other_connected_account_id,
    created_at: '2024-01-03T00:00:00.000Z',
  })

  const [first, second] = ids.connected_account_ids
  db.addConnectedAccount({
    provider: 'august',
    workspace_id: ids.workspace_id,
    user_identifier: { email: 'john@example.com' },
    connected_account_id: first,
    created_at: '2024-01-01T00:00:00.000Z',
    account_type: 'august',
    accepted_capabilities: ['lock'],
    custom_metadata: { id: 'internalId0', tier: 'gold', vip: true },
  })
  db.addConnectedAccount({
    provider: 'schlage',
    workspace_id: ids.workspace_id,
    user_identifier: { email: 'jane@example.com' },
    connected_account_id: second,
    created_at: '2024-01-02T00:00:00.000Z',
    automatically_manage_new_devices: false,
  })

  const lock = {
    can_remotely_lock: true,
    can_remotely_unlock: true,
    can_program_online_access_codes: true,
  }
  db.addDevice({
    device_id: ids.device_ids[0],
    connected_account_id: first,
    workspace_id: ids.workspace_id,
    device_type: 'august_lock',
    name: 'Front Door',
    created_at: '2024-01-01T00:00:01.000Z',
    properties: { manufacturer: 'august', locked: true },
    custom_metadata: { room: 'lobby' },
    ...lock,
  })
  db.addDevice({
    device_id: ids.device_ids[1],
    connected_account_id: first,
    workspace_id: ids.workspace_id,
    device_type: 'august_lock',
    name: 'Back Door',
    created_at: '2024-01-01T00:00:02.000Z',
    properties: { manufacturer: 'august', locked: false },
    ...lock,
  })
  db.addDevice({
    device_id: ids.device_ids[2],
    connected_account_id: second,
    workspace_id: ids.workspace_id,
    device_type: 'schlage_lock',
    name: 'Bathroom Door',
    created_at: '2024-01-02T00:00:01.000Z',
    properties: { manufacturer: 'schlage', locked: true },
    ...lock,
  })

  return { api_key_id: apiKey.api_key_id }
}

// Resources the default seed lacks, in its workspace, for the endpoint tests.
// Returns their ids.
const seedEndpoints = (db, seed) => {
  const workspace_id = seed.seed_workspace_1
  const acs_system_id = seed.visionline_acs_system_1
  const acsUser = (full_name, email_address) =>
    db.addAcsUser({ workspace_id, acs_system_id, full_name, email_address }).acs_user_id
  const acs_user_ids = [
    acsUser('Alice Member', 'alice@example.com'),
    acsUser('Bob Suspendable', 'bob@example.com'),
    acsUser('Carol Deletable', 'carol@example.com'),
  ]
  const group = db.addAcsAccessGroup({
    acs_system_id,
    workspace_id,
    external_type: 'visionline_access_group',
    name: 'Lobby group',
    created_at: '2024-02-01T00:00:00.000Z',
  })
  db.addAcsUserToAcsAccessGroup({
    acs_access_group_id: group.acs_access_group_id,
    acs_user_id: acs_user_ids[0],
  })
  const entrance = db.addAcsEntrance({
    acs_system_id,
    display_name: 'Main entrance',
    created_at: '2024-02-01T00:00:00.000Z',
  })
  const device = (device_id, name) =>
    db.addDevice({
      device_id,
      connected_account_id: seed.john_connected_account_id,
      workspace_id,
      device_type: 'august_lock',
      name,
      created_at: '2024-02-01T00:00:00.000Z',
      can_remotely_lock: true,
      can_remotely_unlock: true,
      can_program_online_access_codes: true,
      properties: { manufacturer: 'august', locked: true },
    }).device_id
  const device_to_delete = device('device_to_delete', 'Doomed Door')
  const unmanaged_device = device('unmanaged_device_1', 'Unmanaged Door')
  db.updateDevice({ device_id: unmanaged_device, is_managed: false })
  db.addConnectedAccount({
    provider: 'august',
    workspace_id,
    user_identifier: { email: 'leaving@example.com' },
    connected_account_id: 'account_to_delete',
    created_at: '2024-02-01T00:00:00.000Z',
  })
  return {
    workspace_id,
    api_key: seed.seam_apikey1_token,
    bridge_client_session_token: seed.bridge_client_session_token,
    acs_system_id,
    acs_user_ids,
    acs_access_group_id: group.acs_access_group_id,
    acs_entrance_id: entrance.acs_entrance_id,
    device_to_delete,
    unmanaged_device_id: unmanaged_device,
    connected_account_to_delete: 'account_to_delete',
    seed,
  }
}

// The library's startServer() calls `server.listen(port, cb)` on a node:http
// Server, which binds every interface. While it runs, make plain
// `listen(number, cb)` calls on http servers bind HOST instead. Nothing else
// in this process listens.
const withLoopbackListen = async (fn) => {
  const original = http.Server.prototype.listen
  http.Server.prototype.listen = function (...args) {
    if (typeof args[0] === 'number') {
      const [port, ...rest] = args
      return original.call(this, { port, host: HOST }, ...rest)
    }
    return original.apply(this, args)
  }
  try {
    return await fn()
  } finally {
    http.Server.prototype.listen = original
  }
}

// Ask the OS for a free loopback port (listen on port 0) and release it.
const freeLoopbackPort = () =>
  new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen({ port: 0, host: HOST }, () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })

// The fake needs its port up front (it builds next_page_url from baseUrl), so
// take an OS-assigned port and retry on the unlikely race where someone else
// grabs it between the probe and the real bind.
const startOnLoopback = async (fake) => {
  for (let attempt = 1; ; attempt++) {
    const port = await freeLoopbackPort()
    const baseUrl = `http://${HOST}:${port}`
    try {
      const server = await withLoopbackListen(() =>
        fake.startServer({ port, baseUrl, signals: [] }),
      )
      const address = server.server.address()
      if (address?.address !== HOST || address?.port !== port) {
        throw new Error(`fake listens on ${JSON.stringify(address)}, expected ${baseUrl}`)
      }
      return { server, baseUrl }
    } catch (err) {
      if (err?.code === 'EADDRINUSE' && attempt < 10) continue
      throw err
    }
  }
}

const fakeVersion = () => {
  const url = new URL('./node_modules/@seamapi/fake-seam-connect/package.json', import.meta.url)
  try {
    return JSON.parse(readFileSync(url, 'utf8')).version
  } catch {
    return null
  }
}

let shuttingDown = false
let server = null
const shutdown = (code) => {
  if (shuttingDown) return
  shuttingDown = true
  try {
    server?.server.closeAllConnections?.()
    server?.close()
  } catch {
    // exiting anyway
  }
  process.exit(code)
}

const main = async () => {
  process.on('SIGTERM', () => shutdown(0))
  process.on('SIGINT', () => shutdown(0))
  process.on('SIGHUP', () => shutdown(0))

  if (!process.argv.includes('--ignore-stdin')) {
    // EOF on stdin means the parent closed it or died: do not linger.
    process.stdin.on('end', () => shutdown(0))
    process.stdin.on('close', () => shutdown(0))
    process.stdin.on('error', () => shutdown(0))
    process.stdin.on('data', () => {})
    process.stdin.resume()
  }

  const fake = await createFake()
  // The default seed refuses a database that already has john@example.com, so it goes first.
  const defaultSeed = withDefaultSeed ? await fake.seed() : null
  const extra = seedDatabase(fake.database)
  const endpoints = defaultSeed ? seedEndpoints(fake.database, defaultSeed) : null
  const started = await startOnLoopback(fake)
  server = started.server

  const line = {
    base_url: started.baseUrl,
    api_key: API_KEY,
    workspace_id: ids.workspace_id,
    connected_account_ids: ids.connected_account_ids,
    device_ids: ids.device_ids,
    custom_metadata: { [ids.connected_account_ids[0]]: { id: 'internalId0', tier: 'gold', vip: true } },
    api_key_id: extra.api_key_id,
    other_workspace: {
      workspace_id: ids.other_workspace_id,
      api_key: OTHER_API_KEY,
      connected_account_ids: [ids.other_connected_account_id],
    },
    ...(endpoints && { default_seed: endpoints }),
    fake_version: fakeVersion(),
    pid: process.pid,
  }
  jsonOut.write(`${JSON.stringify(line)}\n`)
}

main().catch((err) => {
  console.error('fake-seam: failed to start:', err)
  process.exit(1)
})
