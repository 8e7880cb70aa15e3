import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import SystemView from './SystemView.svelte';

describe('SystemView', () => {
  afterEach(() => clearMocks());

  it('shows what app_info returns', async () => {
    mockIPC((cmd) => {
      if (cmd === 'app_info') {
        return {
          version: '9.9.9',
          dataDir: '/tmp/npdesk-test',
          platform: 'linux',
          keychainBackend: 'Secret Service',
        };
      }
      throw new Error(`unexpected command ${cmd}`);
    });
    render(SystemView);
    await userEvent.click(screen.getByTestId('check-system'));
    expect(await screen.findByTestId('app-version')).toHaveTextContent('9.9.9');
    expect(screen.getByTestId('data-dir')).toHaveTextContent('/tmp/npdesk-test');
  });

  it('shows the error message, not a stack', async () => {
    mockIPC(() => {
      throw { code: 'storage', message: 'The data folder is not writable' };
    });
    render(SystemView);
    await userEvent.click(screen.getByTestId('check-system'));
    expect(await screen.findByRole('alert')).toHaveTextContent('The data folder is not writable');
  });
});
