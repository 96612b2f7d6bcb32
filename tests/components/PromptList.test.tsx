// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import { PromptList } from '../../components/PromptList/PromptList';
import { NOW, prompt, renderWithActions } from './support';

afterEach(cleanup);

const prompts = [
  prompt({ code: 'medication-review', indicator: 'info', roles: ['specialist', 'zaalarts'] }),
  prompt({ code: 'behandelwensen-known', indicator: 'critical', roles: ['seh-arts', 'specialist'] }),
  prompt({ code: 'caregiver-burden', indicator: 'info', roles: ['verpleegkundige'] }),
  prompt({ code: 'central-caregiver-missing', indicator: 'warning', roles: ['specialist', 'zaalarts'] }),
];

const codesIn = (el: HTMLElement) => Array.from(el.querySelectorAll('[data-prompt-code]')).map((e) => e.getAttribute('data-prompt-code'));

describe('PromptList', () => {
  test('orders the role’s prompts critical > warning > info; other roles’ prompts stay reachable', () => {
    const { container } = renderWithActions(<PromptList open={prompts} role="specialist" now={NOW} />);
    const mine = container.querySelector('[data-group="mine"]') as HTMLElement;
    expect(codesIn(mine)).toEqual(['behandelwensen-known', 'central-caregiver-missing', 'medication-review']);
    const others = container.querySelector('[data-group="others"]') as HTMLElement;
    expect(codesIn(others)).toEqual(['caregiver-burden']);
    expect(within(others).getByText('Voor andere rollen (1)')).toBeTruthy();
  });

  test('switching role changes what is "mine", never what exists', () => {
    const { container, rerender } = renderWithActions(<PromptList open={prompts} role="verpleegkundige" now={NOW} />);
    expect(codesIn(container.querySelector('[data-group="mine"]') as HTMLElement)).toEqual(['caregiver-burden']);
    expect(codesIn(container)).toHaveLength(4);
    rerender(<PromptList open={prompts} role="seh-arts" now={NOW} />);
    expect(codesIn(container.querySelector('[data-group="mine"]') as HTMLElement)).toEqual(['behandelwensen-known']);
    expect(codesIn(container)).toHaveLength(4);
  });

  test('each card carries its code and indicator, shows the reason and the source link', () => {
    const { container } = renderWithActions(<PromptList open={[prompts[1]]} role="seh-arts" now={NOW} />);
    const card = container.querySelector('[data-prompt-code="behandelwensen-known"]') as HTMLElement;
    expect(card.getAttribute('data-indicator')).toBe('critical');
    expect(within(card).getByText('Kritiek')).toBeTruthy();
    expect(within(card).getByText(/detail behandelwensen-known/)).toBeTruthy();
    expect(within(card).getByRole('link', { name: 'Palliatieve zorgkaart' }).getAttribute('href')).toBe('https://example.org/s3');
  });

  test('an empty list says so', () => {
    renderWithActions(<PromptList open={[]} role="specialist" now={NOW} />);
    expect(screen.getByText('Geen openstaande signalen voor deze patiënt.')).toBeTruthy();
  });

  test('overdue due dates are marked in words', () => {
    const { container } = renderWithActions(
      <PromptList open={[prompt({ code: 'nazorg-contact-due', indicator: 'critical', roles: ['zaalarts'], due: '2025-03-01', actions: [] })]} role="zaalarts" now={NOW} />,
    );
    expect(container.querySelector('.pz-due--overdue')?.textContent).toContain('Verlopen sinds 1 mrt. 2025');
  });

  test('English labels when the language is English', () => {
    renderWithActions(<PromptList open={[prompts[1]]} role="seh-arts" now={NOW} />, {}, 'en');
    expect(screen.getByText('Critical')).toBeTruthy();
    expect(screen.getByText('Treatment wishes and limits')).toBeTruthy();
  });
});
