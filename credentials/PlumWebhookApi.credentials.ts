import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

export class PlumWebhookApi implements ICredentialType {
	name = 'plumWebhookApi';

	displayName = 'Plum Webhook API';

	icon: Icon = { light: 'file:../icons/plum.svg', dark: 'file:../icons/plum.dark.svg' };

	documentationUrl =
		'https://help-plum.xoxoday.com/docs/API-GUIDE/Guides/webhooks/securing-webhooks';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The value you entered as the x-api-key custom header in Plum (Settings → API → Configure Webhook → Add Custom Header). 13 to 60 letters and digits.',
		},
	];
}
